package io.connvo.meetings.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of the standalone process and says where its CPU went: the share of execution samples
 * with a component anywhere on the stack (inclusive), the hottest methods by self time, and the CPU per request of
 * each scenario by component ({@link CpuBreakdown}).
 */
final class JfrSummary {

    /** Components by class-name prefix, in the order they are reported. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("Connvo code (io.connvo)", List.of("io.connvo."));
        COMPONENTS.put("Axon Framework", List.of("org.axonframework."));
        COMPONENTS.put("Jackson 2 (Axon serializer)", List.of("com.fasterxml.jackson."));
        COMPONENTS.put("Jackson 3 (Spring MVC)", List.of("tools.jackson."));
        COMPONENTS.put("H2", List.of("org.h2."));
        COMPONENTS.put("PostgreSQL JDBC", List.of("org.postgresql."));
        COMPONENTS.put("HikariCP", List.of("com.zaxxer.hikari."));
        COMPONENTS.put("Spring Security + Nimbus JWT", List.of("org.springframework.security.", "com.nimbusds."));
        COMPONENTS.put("Tomcat", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."));
        COMPONENTS.put("Reactor (subscription queries)", List.of("reactor."));
        COMPONENTS.put("GetStream SDK + OkHttp", List.of("io.getstream.", "okhttp3.", "retrofit2."));
        COMPONENTS.put("db-scheduler (deadlines)", List.of("com.github.kagkarlsson."));
    }

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

    private JfrSummary() {
    }

    /**
     * Reads the recording once: the summary of the whole recording, then the CPU per request of each window of
     * {@code breakdown}.
     */
    static String summarize(Path recording, int topMethods, CpuBreakdown breakdown) throws IOException {
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            Map<Long, String> eventTypes = new HashMap<>();
            file.readEventTypes().forEach(type -> eventTypes.put(type.getId(), type.getName()));
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ActiveSetting" -> {
                        if (EXECUTION_SAMPLE.equals(eventTypes.get(event.getLong("id"))) && event.getString("name").equals("period")) {
                            breakdown.samplingPeriod(duration(event.getString("value")));
                        }
                    }
                    case "jdk.CPULoad" -> breakdown.cpuLoad(event.getStartTime(), event.getFloat("jvmUser"), event.getFloat("jvmSystem"));
                    case EXECUTION_SAMPLE -> {
                        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
                            continue;
                        }
                        List<RecordedFrame> frames = event.getStackTrace().getFrames();
                        samples++;
                        countComponents(frames, inclusive, self);
                        CpuBreakdown.Window window = breakdown.windowAt(event.getStartTime());
                        if (window != null) {
                            RecordedThread thread = event.getThread("sampledThread");
                            breakdown.sample(window, thread == null || thread.getJavaName() == null ? "" : thread.getJavaName(),
                                    frames.stream().map(JfrSummary::name).toList(), event.getStackTrace().isTruncated());
                        }
                    }
                    default -> {
                        // not read
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" execution samples in ").append(recording.getFileName()).append("\n\n");
        out.append("| component on the stack | share of CPU samples |\n|---|---:|\n");
        for (String component : COMPONENTS.keySet()) {
            out.append("| ").append(component).append(" | ").append(percent(inclusive.getOrDefault(component, 0), samples)).append(" |\n");
        }
        out.append("\n| hottest methods (self) | share |\n|---|---:|\n");
        int total = samples;
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(topMethods)
                .forEach(e -> out.append("| `").append(e.getKey()).append("` | ").append(percent(e.getValue(), total)).append(" |\n"));
        out.append("\n").append(breakdown.markdown());
        return out.toString();
    }

    private static void countComponents(List<RecordedFrame> frames, Map<String, Integer> inclusive, Map<String, Integer> self) {
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getName().equals("main")) {
                continue; // the application's main method is under every start-up sample
            }
            String type = frame.getMethod().getType().getName();
            COMPONENTS.forEach((component, prefixes) -> {
                if (prefixes.stream().anyMatch(type::startsWith)) {
                    seen.add(component);
                }
            });
        }
        seen.forEach(component -> inclusive.merge(component, 1, Integer::sum));
    }

    /** A JFR setting's duration, such as {@code 10 ms} or {@code 1 s}. */
    static Duration duration(String setting) {
        String[] parts = setting.trim().split("\\s+");
        long amount = Long.parseLong(parts[0]);
        return switch (parts.length == 1 ? "ns" : parts[1]) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(amount * 1_000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a JFR duration: " + setting);
        };
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
