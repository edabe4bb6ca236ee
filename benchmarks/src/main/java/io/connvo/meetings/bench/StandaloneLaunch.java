package io.connvo.meetings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the harness starts the standalone process ({@code --launch}): {@code jar} is the README's
 * {@code java -jar connvo-standalone.jar}; {@code cds} is the documented production launch, the jar extracted
 * ({@code -Djarmode=tools extract}) and started with a class-data-sharing archive recorded by one training run
 * that stops once the context is refreshed. The training runs before any clock starts, on a data directory of
 * its own, so the measured start is a first start on an empty store like the {@code jar} launch's.
 */
final class StandaloneLaunch {

    static final List<String> KINDS = List.of("jar", "cds");

    private StandaloneLaunch() {
    }

    /** The arguments after {@code java <jvmArgs>} that start the standalone process, preparing what they need. */
    static List<String> prepare(BenchConfig config) throws IOException, InterruptedException {
        return switch (config.launch()) {
            case "jar" -> List.of("-jar", config.standaloneJar().toString());
            case "cds" -> withClassDataSharing(config);
            default -> throw new IllegalStateException("unchecked --launch " + config.launch());
        };
    }

    private static List<String> withClassDataSharing(BenchConfig config) throws IOException, InterruptedException {
        Path dir = config.workDir().resolve("standalone-cds").toAbsolutePath();
        Path jar = dir.resolve(config.standaloneJar().getFileName());
        Path archive = dir.resolve("connvo-standalone.jsa");
        run(dir, "extract", config.startupTimeout(), List.of("-Djarmode=tools", "-jar", config.standaloneJar().toAbsolutePath().toString(),
                "extract", "--force", "--destination", dir.toString()));
        List<String> training = new ArrayList<>(config.jvmArgs());
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
                "--server.port=0", "--connvo.data-dir=" + dir.resolve("training-data")));
        training.addAll(config.standaloneArgs());
        // a start plus writing the archive (about 90 MB): allow more than a start
        run(dir, "training", config.startupTimeout().multipliedBy(3), training);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no archive " + archive + "; log " + dir.resolve("training.log"));
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString());
    }

    private static void run(Path dir, String step, Duration timeout, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve(step + ".log");
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("CDS " + step + " not done after " + timeout + "; log " + log + ":\n" + ChildProcess.tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("CDS " + step + " exited with " + process.exitValue() + "; log " + log + ":\n" + ChildProcess.tail(log));
        }
    }
}
