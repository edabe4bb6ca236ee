package io.connvo.meetings.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options of one harness run, {@code --name=value} on the command line; {@code --mode} picks the defaults of the
 * others (short: seconds per scenario and small data, for CI; full: the figures in docs/BENCHMARKS.md).
 */
record BenchConfig(
        String mode,
        List<String> stores,
        Set<String> scenarios,
        int clients,
        Duration warmup,
        Duration duration,
        double rate,
        int poolCap,
        int readMeetings,
        int recordingMeetings,
        int lagSamples,
        int replayEvents,
        String replayPath,
        String replayStatusPath,
        Path standaloneJar,
        Path benchmarksJar,
        String launch,
        Path output,
        Path workDir,
        List<String> jvmArgs,
        List<String> standaloneArgs,
        boolean jfr,
        Duration startupTimeout) {

    static final List<String> ALL_SCENARIOS = List.of("startup", "baseline", "createMeeting", "startMeeting-free",
            "startMeeting-paid", "startMeeting-rate", "getMeeting", "getMeeting-after-command", "recording-cycle", "projection-lag", "replay");

    static BenchConfig parse(String... args) throws Exception {
        String mode = option(args, "mode", "short");
        boolean full = switch (mode) {
            case "short" -> false;
            case "full" -> true;
            default -> throw new IllegalArgumentException("--mode must be short or full, not " + mode);
        };
        Path work = Path.of(option(args, "work-dir", ""));
        if (work.toString().isEmpty()) {
            work = Files.createTempDirectory("connvo-bench-");
        }
        Set<String> scenarios = new TreeSet<>(list(option(args, "scenarios", String.join(",", ALL_SCENARIOS))));
        for (String scenario : scenarios) {
            if (!ALL_SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + ALL_SCENARIOS);
            }
        }
        List<String> standaloneArgs = new ArrayList<>(List.of("--connvo.dev-tokens.enabled=true"));
        for (String arg : args) {
            if (arg.startsWith("--standalone-arg=")) {
                standaloneArgs.add(arg.substring("--standalone-arg=".length()));
            }
        }
        return new BenchConfig(
                mode,
                list(option(args, "stores", "h2,postgres")),
                scenarios,
                Integer.parseInt(option(args, "clients", full ? "16" : "4")),
                Duration.ofSeconds(Long.parseLong(option(args, "warmup", full ? "10" : "1"))),
                Duration.ofSeconds(Long.parseLong(option(args, "duration", full ? "30" : "3"))),
                Double.parseDouble(option(args, "rate", full ? "300" : "50")),
                Integer.parseInt(option(args, "pool-cap", full ? "40000" : "400")),
                Integer.parseInt(option(args, "read-meetings", full ? "300" : "40")),
                Integer.parseInt(option(args, "recording-meetings", full ? "600" : "24")),
                Integer.parseInt(option(args, "lag-samples", full ? "300" : "20")),
                Integer.parseInt(option(args, "replay-events", full ? "200000" : "2000")),
                option(args, "replay-path", "/api/admin/projections/meeting-view/replay"),
                option(args, "replay-status-path", "/api/admin/projections/meeting-view"),
                Path.of(option(args, "standalone-jar", "standalone/target/connvo-standalone.jar")),
                Path.of(option(args, "benchmarks-jar", defaultBenchmarksJar())),
                launch(option(args, "launch", "jar")),
                Path.of(option(args, "out", "benchmarks/target/benchmarks-" + mode + ".md")),
                work,
                list(option(args, "jvm-args", "-Xmx1g,-XX:+UseParallelGC")).stream().map(a -> a.replace(';', ',')).toList(),
                standaloneArgs,
                Boolean.parseBoolean(option(args, "jfr", "false")),
                Duration.ofSeconds(Long.parseLong(option(args, "startup-timeout", "120"))));
    }

    private static String launch(String kind) {
        if (!StandaloneLaunch.KINDS.contains(kind)) {
            throw new IllegalArgumentException("--launch must be one of " + StandaloneLaunch.KINDS + ", not " + kind);
        }
        return kind;
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** The jar this code runs from, when started with {@code java -jar}; otherwise the module's build output. */
    private static String defaultBenchmarksJar() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            return classPath;
        }
        return "benchmarks/target/connvo-benchmarks.jar";
    }

    private static String option(String[] args, String name, String fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return fallback;
    }

    /** Comma-separated; in {@code --jvm-args} a literal comma inside one argument is written as {@code ;}. */
    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
