package io.connvo.meetings.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU per request by component, per scenario: the standalone process's JFR execution samples whose time falls in a
 * scenario's measured window, each charged to one {@link CpuComponents component}, times the sampling period,
 * divided by the requests of that window. As a check of how much the samples cover, the process's CPU time over
 * the same window from the recording's {@code jdk.CPULoad} events.
 */
final class CpuBreakdown {

    /** A scenario's measured window and the requests (samples of its histogram) counted in it. */
    record Window(String scenario, Instant from, Instant to, long requests) {

        boolean contains(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    private record CpuLoad(Instant at, double jvmShare) {
    }

    private final List<Window> windows;
    private final int hostCpus;
    private final Map<Window, Map<String, Integer>> samples = new HashMap<>();
    private final Map<Window, Integer> truncated = new HashMap<>();
    private final List<CpuLoad> loads = new ArrayList<>();
    private Duration period;

    /**
     * @param hostCpus the CPUs that {@code jdk.CPULoad}'s shares are of: on Linux every CPU in {@code /proc/stat},
     *                 whatever the process may use
     */
    CpuBreakdown(List<Window> windows, int hostCpus) {
        this.windows = List.copyOf(windows);
        this.hostCpus = hostCpus;
    }

    /**
     * The CPUs {@code jdk.CPULoad} divides by: HotSpot on Linux takes the machine's ticks from the {@code cpu} line of
     * {@code /proc/stat}, every online CPU (in a container too); elsewhere the processors this JVM sees.
     */
    static int hostCpus() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            return (int) lines.filter(line -> line.matches("cpu\\d+ .*")).count();
        } catch (IOException | UncheckedIOException notLinux) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The window a sample taken at {@code at} belongs to, or null. */
    Window windowAt(Instant at) {
        for (Window window : windows) {
            if (window.contains(at)) {
                return window;
            }
        }
        return null;
    }

    /** One execution sample in {@code window}; {@code frames} are {@code class.method}, innermost first. */
    void sample(Window window, String threadName, List<String> frames, boolean stackTruncated) {
        samples.computeIfAbsent(window, w -> new HashMap<>()).merge(CpuComponents.of(threadName, frames), 1, Integer::sum);
        if (stackTruncated) {
            truncated.merge(window, 1, Integer::sum);
        }
    }

    /** The period of {@code jdk.ExecutionSample} (from the recording's active settings): what one sample stands for. */
    void samplingPeriod(Duration samplingPeriod) {
        period = period == null || samplingPeriod.compareTo(period) < 0 ? samplingPeriod : period;
    }

    /** A {@code jdk.CPULoad} event: the process's share of all host CPUs since the previous one. */
    void cpuLoad(Instant at, double jvmUser, double jvmSystem) {
        loads.add(new CpuLoad(at, jvmUser + jvmSystem));
    }

    /** One table: the components as rows, the scenarios as columns, CPU ms per request. */
    String markdown() {
        if (windows.isEmpty()) {
            return "No measured window of the standalone process in this run.\n";
        }
        if (period == null) {
            return "The recording has no jdk.ExecutionSample period: no CPU breakdown.\n";
        }
        double periodMs = period.toNanos() / 1e6;
        StringBuilder out = new StringBuilder("CPU ms per request by component: execution samples in the scenario's measured window × ")
                .append(num(periodMs)).append(" ms (the sampling period) ÷ its requests (a cycle for the recording cycle, create + start"
                        + " + get for getMeeting after startMeeting). Process CPU is the JVM's user + system time over the window"
                        + " (jdk.CPULoad × ").append(hostCpus).append(" CPUs).\n\n| component |");
        windows.forEach(window -> out.append(' ').append(window.scenario()).append(" |"));
        out.append("\n|---|").append("---:|".repeat(windows.size())).append('\n');
        for (String component : CpuComponents.REPORTED) {
            row(out, component, window -> perRequest(count(window, component) * periodMs, window));
        }
        row(out, "**total in the samples**", window -> perRequest(sampled(window) * periodMs, window));
        row(out, "**process CPU** (jdk.CPULoad)", window -> perRequest(processCpuMs(window), window));
        row(out, "process CPU − samples (GC, JIT, native code; negative: preempted threads sampled)",
                window -> perRequest(processCpuMs(window) - sampled(window) * periodMs, window));
        row(out, "requests in the window", window -> Long.toString(window.requests()));
        row(out, "execution samples (stacks truncated)",
                window -> sampled(window) + " (" + truncated.getOrDefault(window, 0) + ")");
        return out.toString();
    }

    private interface Cell {
        String of(Window window);
    }

    private void row(StringBuilder out, String label, Cell cell) {
        out.append("| ").append(label).append(" |");
        windows.forEach(window -> out.append(' ').append(cell.of(window)).append(" |"));
        out.append('\n');
    }

    private int count(Window window, String component) {
        return samples.getOrDefault(window, Map.of()).getOrDefault(component, 0);
    }

    private int sampled(Window window) {
        return samples.getOrDefault(window, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Each load applies to the time since the load before it; the part of that interval inside the window counts. */
    double processCpuMs(Window window) {
        List<CpuLoad> sorted = loads.stream().sorted(Comparator.comparing(CpuLoad::at)).toList();
        double ms = 0;
        for (int i = 1; i < sorted.size(); i++) {
            Instant from = max(sorted.get(i - 1).at(), window.from());
            Instant to = min(sorted.get(i).at(), window.to());
            if (from.isBefore(to)) {
                ms += Duration.between(from, to).toNanos() / 1e6 * sorted.get(i).jvmShare() * hostCpus;
            }
        }
        return ms;
    }

    private static String perRequest(double cpuMs, Window window) {
        return window.requests() == 0 ? "" : num(cpuMs / window.requests());
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
