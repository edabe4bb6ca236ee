package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged standalone jar as a child process on one port across restarts, for the failsafe crash tests: start
 * (awaited healthy), SIGKILL, SIGTERM, and the HTTP calls the tests make to it. Another build's jar can be tried
 * with {@code -Dconnvo.standalone.jar=PATH} (e.g. to see a test fail before a fix).
 */
final class StandaloneProcess {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private Process process;

    StandaloneProcess() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the jar with {@code args} after the port and address, its output in target/{logs}/{run}.log. */
    void start(String logs, String run, List<String> args) throws Exception {
        Path log = log(logs, run);
        process = launch(log, args, port);
        // generous: on a build machine shared with other builds a start has taken close to three minutes
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    assertThat(process.isAlive()).as("see " + log).isTrue();
                    return http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                });
    }

    /**
     * Starts the jar like {@link #start} on another free port, for a start that must fail: waits until it exits
     * by itself and returns its exit code; its output is in target/{logs}/{run}.log.
     */
    static int startExpectingExit(String logs, String run, List<String> args, Duration within) throws Exception {
        Path log = log(logs, run);
        Process failing = launch(log, args, new StandaloneProcess().port);
        assertThat(failing.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)).as("exited by itself, see " + log).isTrue();
        return failing.exitValue();
    }

    private static Path log(String logs, String run) throws IOException {
        Path log = Path.of("target", logs, run + ".log");
        Files.createDirectories(log.getParent());
        return log;
    }

    private static Process launch(Path log, List<String> args, int port) throws IOException {
        Path jar = Path.of(System.getProperty("connvo.standalone.jar", "target/connvo-standalone.jar")).toAbsolutePath();
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL, and proof that it was one. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** SIGTERM: a graceful stop, after which the H2 file can be opened by another process. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** For @AfterEach: whatever state the test left the process in. */
    void destroy() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** A development token for {@code body}; its key is kept in the data directory, so it outlives restarts. */
    String token(String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).path("token").asString();
    }

    JsonNode run(String route, Map<String, ?> args, String token) throws Exception {
        return send(runRequest(route, args, token));
    }

    JsonNode run(String route, Map<String, ?> args, String token, String idempotencyKey) throws Exception {
        return send(runRequest(route, args, token).header("Idempotency-Key", idempotencyKey));
    }

    /** {@link #run(String, Map, String, String)} without waiting for its answer, which may never come. */
    CompletableFuture<HttpResponse<String>> runUnanswered(String route, Map<String, ?> args, String token,
                                                         String idempotencyKey) throws Exception {
        return http.sendAsync(runRequest(route, args, token).header("Idempotency-Key", idempotencyKey).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder runRequest(String route, Map<String, ?> args, String token) throws Exception {
        return HttpRequest.newBuilder(URI.create(base() + "/api/run/meetings/" + route))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("args", args))));
    }

    JsonNode get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        return JSON.readTree(response.body());
    }
}
