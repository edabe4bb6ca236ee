package io.connvo.meetings.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, run as its own JVM so the harness does not pollute its memory figure. Peak memory is the
 * kernel's high-water mark of the resident set ({@code VmHWM} in {@code /proc/<pid>/status}), reset before
 * each scenario by writing {@code 5} to {@code /proc/<pid>/clear_refs}.
 */
final class ChildProcess implements AutoCloseable {

    /** How the harness decides that a freshly started server accepts work. */
    @FunctionalInterface
    interface ReadyCheck {
        boolean ready(Api api) throws Exception;
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Api api;
    private final Duration startup;
    private final Duration startupCpu;

    private ChildProcess(String name, Process process, Path log, Api api, Duration startup, Duration startupCpu) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.api = api;
        this.startup = startup;
        this.startupCpu = startupCpu;
    }

    /** Starts {@code java <jvmArgs> <launch...> --server.port=N <appArgs>} and waits until {@code check} passes. */
    static ChildProcess start(String name, List<String> jvmArgs, List<String> launch, List<String> appArgs,
                              Path logDir, ReadyCheck check, Duration timeout) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.addAll(launch);
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(appArgs);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // A harness stopped by a signal or a failsafe timeout must not leave servers behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, name + "-stop"));
        Api api = new Api(URI.create("http://127.0.0.1:" + port));
        long deadline = started + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; log " + log + ":\n" + tail(log));
            }
            try {
                if (check.ready(api)) {
                    break;
                }
            } catch (IOException notYetListening) {
                // the port is not open yet
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " not ready after " + timeout + "; log " + log + ":\n" + tail(log));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        return new ChildProcess(name, process, log, api, startup, process.info().totalCpuDuration().orElse(Duration.ZERO));
    }

    Api api() {
        return api;
    }

    Duration startup() {
        return startup;
    }

    /**
     * CPU time the process had used when it was ready (all its threads; zero where unknown): on a shared machine a
     * steadier figure than {@link #startup()}, which grows with the other processes' load.
     */
    Duration startupCpu() {
        return startupCpu;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /**
     * The JVM option a process to be recorded needs: a request thread's stack under Tomcat, Spring and Axon is deeper
     * than JFR's default 64 frames, and the CPU breakdown needs its outer frames too.
     */
    static final String DEEP_JFR_STACKS = "-XX:FlightRecorderOptions=stackdepth=256";

    /** Starts a JFR recording (profile settings) through {@code jcmd}: only what follows start-up is profiled. */
    void startFlightRecording(Path file) throws IOException, InterruptedException {
        jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file.toAbsolutePath());
    }

    /** Writes the recording started by {@link #startFlightRecording(Path)} to its file. */
    void dumpFlightRecording() throws IOException, InterruptedException {
        jcmd("JFR.dump", "name=bench");
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(process.pid()));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    /** Resets the resident-set high-water mark, where the kernel allows it. */
    void resetPeakMemory() {
        try {
            Files.writeString(Path.of("/proc", Long.toString(process.pid()), "clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException ignored) {
            // not Linux, or not allowed: the figure is then the peak since start
        }
    }

    /** Peak resident set in bytes since start or the last reset; -1 when unknown. */
    long peakMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + api.base() + ")";
    }

    /** The {@code java} launcher of the JDK the harness runs on: servers and harness share one JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
