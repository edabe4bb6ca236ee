package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.sandbox.getstream.Endpoint;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.connvo.sandbox.getstream.SandboxConfig;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged standalone jar as a child process, killed with SIGKILL while media sagas have pending retries
 * (rooms GetStream refuses to create, recordings it refuses to start) and restarted on the same data directory.
 * GetStream is a sandbox in this JVM, so it outlives the crash. After the restart every saga completes, every
 * view matches the state rebuilt from the event store, and no deadline or saga is left once the meetings end. And
 * killed while a request holds its {@code Idempotency-Key}: the client's repeat after the restart executes at once.
 * Runs in {@code integration-test} (failsafe), after the jar is packaged.
 */
class CrashRecoveryIT {

    static final String KEY = "crash-key";
    static final String SECRET = "crash-recovery-secret-0123456789abcdef";
    static final int MEETINGS_RECORDING = 3;
    static final int MEETINGS_PROVISIONING = 3;
    static final String ANSWER_RECORDING_STARTS_AT_ONCE = "--connvo.gateway.recording-start-timeout=300ms";

    private final Path dataDir = Path.of("target", "crash-data", UUID.randomUUID().toString()).toAbsolutePath();
    private GetStreamSandbox sandbox;
    private StandaloneProcess child;

    @BeforeEach
    void sandbox() throws Exception {
        child = new StandaloneProcess();
        sandbox = new GetStreamSandbox(SandboxConfig.of(KEY, SECRET).withWebhookRetries(10, Duration.ofMillis(500))).start();
        sandbox.webhookUrl(URI.create(child.base() + "/webhooks/getstream"));
    }

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
    void afterSigkillAndRestartEverySagaCompletesAndEveryViewMatchesTheEventStore() throws Exception {
        start("run1", ANSWER_RECORDING_STARTS_AT_ONCE);
        String host = token();

        List<String> recording = new ArrayList<>();
        for (int i = 0; i < MEETINGS_RECORDING; i++) {
            String meetingId = startPaidMeeting(host);
            awaitMeeting(meetingId, host, "provisioned");
            recording.add(meetingId);
        }
        sandbox.failAlways(Endpoint.START_RECORDING, 503);
        List<String> recordingIds = new ArrayList<>();
        for (String meetingId : recording) {
            JsonNode started = run("stream/index/startRecording", Map.of("meetingId", meetingId), host);
            assertThat(started.path("status").asString()).as(started.toString()).isEqualTo("success");
            recordingIds.add(started.path("value").path("recordingId").asString());
        }
        int roomCallsBefore = sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL);
        sandbox.failAlways(Endpoint.GET_OR_CREATE_CALL, 503);
        List<String> provisioning = new ArrayList<>();
        for (int i = 0; i < MEETINGS_PROVISIONING; i++) {
            provisioning.add(startPaidMeeting(host));
        }
        // let the sagas fail a few attempts, so that retries of both kinds are scheduled, then kill
        int recordingStartsBefore = sandbox.requestCount(Endpoint.START_RECORDING);
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL)
                >= MEETINGS_RECORDING + 2 * MEETINGS_PROVISIONING
                && sandbox.requestCount(Endpoint.START_RECORDING) >= recordingStartsBefore + MEETINGS_RECORDING);
        for (int i = 0; i < MEETINGS_RECORDING; i++) {
            awaitRecording(recording.get(i), recordingIds.get(i), host, "starting");
        }
        int refusedRooms = sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL) - roomCallsBefore;
        int refusedRecordingStarts = sandbox.requestCount(Endpoint.START_RECORDING);
        child.kill();

        sandbox.recover();
        start("run2", ANSWER_RECORDING_STARTS_AT_ONCE);
        for (int i = 0; i < recording.size(); i++) {
            awaitRecording(recording.get(i), recordingIds.get(i), host, "active");
        }
        for (String meetingId : provisioning) {
            awaitMeeting(meetingId, host, "provisioned");
        }
        List<String> all = new ArrayList<>(recording);
        all.addAll(provisioning);
        for (String meetingId : all) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertViewsMatchTheEventStore(meetingId, host));
        }

        for (String meetingId : all) {
            run("lifecycle/endMeeting", Map.of("meetingId", meetingId), host);
        }
        // transcription: stopped by the saga, then ready once the provider's webhook arrives (the terminal state;
        // "stopped" alone may pass between two polls)
        for (String meetingId : all) {
            await().atMost(Duration.ofSeconds(30)).until(() -> view(meetingId, host)
                    .path("transcriptionStatus").asString().equalsIgnoreCase("ready"));
        }
        for (int i = 0; i < recording.size(); i++) {
            awaitRecording(recording.get(i), recordingIds.get(i), host, "ready");
        }
        sandbox.webhooksIdle().get(30, TimeUnit.SECONDS);
        for (String meetingId : all) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertViewsMatchTheEventStore(meetingId, host));
        }
        child.stop(); // SIGTERM: graceful this time, so that the H2 file can be opened here

        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("connvo")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
            List<byte[]> tasks = new ArrayList<>();
            try (ResultSet rows = db.createStatement().executeQuery("SELECT task_data FROM scheduled_tasks")) {
                while (rows.next()) {
                    tasks.add(rows.getBytes(1));
                }
            }
            assertThat(PendingDeadlines.sagaRetries(tasks)).as("pending saga retries").isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM saga_entry")).as("sagas still running").isZero();
            System.out.printf("Crash recovery: %d meetings (%d recordings starting, %d rooms provisioning) at SIGKILL "
                            + "after %d refused get-or-create and %d refused start-recording calls, %d events stored, "
                            + "nothing pending after the restart%n", all.size(), recording.size(), provisioning.size(),
                    refusedRooms, refusedRecordingStarts, count(db, "SELECT COUNT(*) FROM domain_event_entry"));
        }
    }

    /**
     * A {@code startRecording} under a key, waiting for GetStream (which refuses to start it) when the process is
     * killed. Before, the dead process's lease held the key for {@code connvo.idempotency.lease} (10 min here, so
     * that no restart outlasts it) and every repeat until then waited and got CONFLICT "still being processed".
     */
    @Test
    void aRepeatOfARequestCutOffWithItsKeyExecutesAtOnceAfterTheRestartAndRecordsOnce() throws Exception {
        String[] keyOutlastsTheRestart = {"--connvo.gateway.recording-start-timeout=2m", "--connvo.idempotency.lease=10m",
                "--connvo.idempotency.wait-timeout=1s"};
        start("key-run1", keyOutlastsTheRestart);
        String host = token();
        String meetingId = startPaidMeeting(host);
        awaitMeeting(meetingId, host, "provisioned");
        sandbox.failAlways(Endpoint.START_RECORDING, 503);
        String idempotencyKey = UUID.randomUUID().toString();
        var cutOff = child.runUnanswered("stream/index/startRecording", Map.of("meetingId", meetingId), host,
                idempotencyKey);
        // GetStream was asked: the request holds its key and waits for the outcome
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.requestCount(Endpoint.START_RECORDING) > 0);
        assertThat(cutOff).isNotDone();
        child.kill();

        sandbox.recover();
        start("key-run2", keyOutlastsTheRestart);
        long before = System.nanoTime();
        JsonNode repeat = child.run("stream/index/startRecording", Map.of("meetingId", meetingId), host, idempotencyKey);
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        // the cut-off attempt's recording: the repeat finds it (the id comes from the key) and starts no second one
        assertThat(repeat.path("errorMessage").asString()).as(repeat.toString())
                .doesNotContain("still being processed").isEqualTo("Recording id is already used");
        JsonNode recordings = run("queries/listRecordings", Map.of("meetingId", meetingId), host)
                .path("value").path("recordings");
        assertThat(recordings).hasSize(1);
        assertThat(recordings.get(0).path("recordingId").asString())
                .isEqualTo(repeat.path("errorData").path("metadata").path("recordingId").asString());
        System.out.printf("Idempotency-Key after SIGKILL: the repeat after the restart answered in %d ms: %s%n",
                took.toMillis(), repeat.path("errorMessage").asString());
    }

    /** The meeting and recordings views equal the state the audit endpoint rebuilds from the stored events. */
    private void assertViewsMatchTheEventStore(String meetingId, String host) throws Exception {
        JsonNode view = view(meetingId, host);
        JsonNode stored = child.get("/api/audit/meetings/" + meetingId + "/state?at=" + Instant.now().plusSeconds(1), host)
                .path("value");
        assertThat(text(view, "state")).isEqualTo(text(stored, "state"));
        assertThat(text(view, "roomStatus")).isEqualTo(text(stored, "roomStatus"));
        assertThat(text(view, "roomId")).isEqualTo(text(stored, "roomId"));
        assertThat(text(view, "transcriptionStatus")).isEqualTo(text(stored, "transcription"));
        Map<String, String> viewed = new TreeMap<>();
        run("queries/listRecordings", Map.of("meetingId", meetingId), host).path("value").path("recordings")
                .forEach(r -> viewed.put(r.path("recordingId").asString(), text(r, "status")));
        Map<String, String> rebuilt = new TreeMap<>();
        stored.path("recordings").forEach(r -> rebuilt.put(r.path("recordingId").asString(), text(r, "status")));
        assertThat(viewed).isEqualTo(rebuilt);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asString().toLowerCase(Locale.ROOT);
    }

    private static long count(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    // ---- the child process

    private void start(String run, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--connvo.data-dir=" + dataDir,
                "--connvo.getstream.api-key=" + KEY, "--connvo.getstream.api-secret=" + SECRET,
                "--connvo.getstream.base-url=" + sandbox.baseUrl(),
                "--connvo.getstream.retry.max-attempts=40", "--connvo.getstream.retry.initial-delay=300ms",
                "--connvo.getstream.retry.max-delay=1s", "--connvo.getstream.retry.jitter=0",
                "--connvo.getstream.circuit-breaker.wait-duration-in-open-state=500ms",
                "--connvo.deadlines.polling-interval=200ms", "--connvo.deadlines.heartbeat-interval=1s",
                // the restart must not outlast the guard that fails a recording still starting (60 s by default)
                "--connvo.guards.recording-start-timeout=5m"));
        args.addAll(List.of(settings));
        child.start("crash-logs", run, args);
    }

    private String token() throws Exception {
        return child.token("{\"sub\":\"user_crash_host\",\"role\":\"admin\"}");
    }

    private String startPaidMeeting(String host) throws Exception {
        String meetingId = run("lifecycle/createMeeting", Map.of("title", "Crash", "recordingEnabled", true), host)
                .path("value").path("meetingId").asString();
        run("lifecycle/startMeeting", Map.of("meetingId", meetingId), host);
        return meetingId;
    }

    private JsonNode view(String meetingId, String host) throws Exception {
        return run("queries/getMeeting", Map.of("meetingId", meetingId), host).path("value");
    }

    private void awaitMeeting(String meetingId, String host, String roomStatus) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> text(view(meetingId, host), "roomStatus").equals(roomStatus));
    }

    private void awaitRecording(String meetingId, String recordingId, String host, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode r : run("queries/listRecordings", Map.of("meetingId", meetingId), host).path("value").path("recordings")) {
                if (r.path("recordingId").asString().equals(recordingId)) {
                    return text(r, "status").equals(status);
                }
            }
            return false;
        });
    }

    private JsonNode run(String route, Map<String, ?> args, String token) throws Exception {
        return child.run(route, args, token);
    }
}
