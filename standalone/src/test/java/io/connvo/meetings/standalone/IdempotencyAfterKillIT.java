package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.sandbox.getstream.Endpoint;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.connvo.sandbox.getstream.SandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar killed with SIGKILL while a request holds its {@code Idempotency-Key} (a {@code startRecording}
 * waiting for GetStream, which refuses to start it), restarted on the same H2 data: the client's repeat executes at
 * once. Before, the dead process's lease held the key for {@code connvo.idempotency.lease} (10 min here, so that
 * no restart outlasts it) and every repeat until then waited and got CONFLICT "still being processed".
 */
class IdempotencyAfterKillIT {

    static final String KEY = "idem-kill-key";
    static final String SECRET = "idempotency-kill-secret-0123456789abcdef";

    private final Path dataDir = Path.of("target", "crash-data", UUID.randomUUID().toString()).toAbsolutePath();
    private GetStreamSandbox sandbox;
    private StandaloneProcess child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroy();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aRepeatAfterTheRestartExecutesAtOnceAndRecordsOnce() throws Exception {
        child = new StandaloneProcess();
        sandbox = new GetStreamSandbox(SandboxConfig.of(KEY, SECRET)).start();
        start("run1");
        String host = child.token("{\"sub\":\"user_idem_host\",\"role\":\"admin\"}");
        String meetingId = child.run("lifecycle/createMeeting", Map.of("title", "Kill", "recordingEnabled", true), host)
                .path("value").path("meetingId").asString();
        child.run("lifecycle/startMeeting", Map.of("meetingId", meetingId), host);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> child
                .run("queries/getMeeting", Map.of("meetingId", meetingId), host)
                .path("value").path("roomStatus").asString().equalsIgnoreCase("provisioned"));

        sandbox.failAlways(Endpoint.START_RECORDING, 503);
        String idempotencyKey = UUID.randomUUID().toString();
        var lost = child.runUnanswered("stream/index/startRecording", Map.of("meetingId", meetingId), host,
                idempotencyKey);
        // GetStream was asked: the request holds its key and waits for the outcome
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.requestCount(Endpoint.START_RECORDING) > 0);
        assertThat(lost).isNotDone();
        child.kill();

        sandbox.recover();
        start("run2");
        long before = System.nanoTime();
        JsonNode repeat = child.run("stream/index/startRecording", Map.of("meetingId", meetingId), host, idempotencyKey);
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        // the lost attempt's recording: the repeat finds it (the id comes from the key) and starts no second one
        assertThat(repeat.path("errorMessage").asString()).as(repeat.toString())
                .doesNotContain("still being processed").isEqualTo("Recording id is already used");
        JsonNode recordings = child.run("queries/listRecordings", Map.of("meetingId", meetingId), host)
                .path("value").path("recordings");
        assertThat(recordings).hasSize(1);
        assertThat(recordings.get(0).path("recordingId").asString())
                .isEqualTo(repeat.path("errorData").path("metadata").path("recordingId").asString());
        System.out.printf("Idempotency-Key after SIGKILL: the repeat after the restart answered in %d ms: %s%n",
                took.toMillis(), repeat.path("errorMessage").asString());
    }

    private void start(String run) throws Exception {
        child.start("idempotency-kill-logs", run, List.of("--connvo.data-dir=" + dataDir,
                "--connvo.getstream.api-key=" + KEY, "--connvo.getstream.api-secret=" + SECRET,
                "--connvo.getstream.base-url=" + sandbox.baseUrl(),
                "--connvo.getstream.retry.max-attempts=40", "--connvo.getstream.retry.initial-delay=300ms",
                "--connvo.getstream.retry.max-delay=1s",
                // the request waits for GetStream's answer until killed; the lease outlasts any restart
                "--connvo.gateway.recording-start-timeout=2m", "--connvo.idempotency.lease=10m",
                "--connvo.idempotency.wait-timeout=1s", "--connvo.guards.recording-start-timeout=5m"));
    }
}
