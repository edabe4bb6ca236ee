package io.connvo.meetings.bench;

import io.connvo.meetings.bench.baseline.BaselineApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark harness: {@code java -jar benchmarks/target/connvo-benchmarks.jar --mode=short|full [options]}
 * (see docs/BENCHMARKS.md). {@code java -jar connvo-benchmarks.jar baseline ...} runs the baseline application
 * instead; the harness starts it that way as its own child process.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("baseline")) {
            BaselineApplication.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchConfig config = BenchConfig.parse(args);
        List<String> profiles = new ArrayList<>();
        String report = Report.markdown(run(config, profiles), header(config));
        if (!profiles.isEmpty()) {
            report += "\n" + String.join("\n", profiles);
        }
        System.out.println(report);
        Path output = config.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        Files.writeString(output, report);
        System.out.println("written to " + output);
    }

    /** Runs every selected scenario on every selected store. */
    static List<Row> run(BenchConfig config, List<String> profiles) throws Exception {
        if (!Files.isRegularFile(config.standaloneJar())) {
            throw new IllegalArgumentException("no standalone jar at " + config.standaloneJar().toAbsolutePath()
                    + ": build it with ./mvnw -B -q -pl benchmarks -am package -DskipTests, or pass --standalone-jar");
        }
        if (config.runs("baseline") && !Files.isRegularFile(config.benchmarksJar())) {
            throw new IllegalArgumentException("no benchmarks jar at " + config.benchmarksJar().toAbsolutePath() + " (pass --benchmarks-jar)");
        }
        List<String> standaloneLaunch = StandaloneLaunch.prepare(config);
        List<Row> rows = new ArrayList<>();
        for (String name : config.stores()) {
            System.err.println("[bench] store " + name + ", work directory " + config.workDir());
            try (Store store = Store.open(name, config.workDir())) {
                StoreRun run = new StoreRun(config, store, standaloneLaunch);
                rows.addAll(run.execute());
                profiles.addAll(run.profiles());
            }
        }
        return rows;
    }

    static String header(BenchConfig config) {
        Runtime runtime = Runtime.getRuntime();
        return "## Connvo benchmarks, " + config.mode() + " mode, " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                + "- machine: " + runtime.availableProcessors() + " CPUs, " + memTotal() + " memory, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; server JVM options: " + String.join(" ", config.jvmArgs()) + "; standalone launch: " + config.launch() + "\n"
                + "- per scenario: " + config.warmup().toSeconds() + " s warm-up, " + config.duration().toSeconds() + " s measured, "
                + config.clients() + " closed-loop clients unless the clients column says otherwise";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "unknown";
    }
}
