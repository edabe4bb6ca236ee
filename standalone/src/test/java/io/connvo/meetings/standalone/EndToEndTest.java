package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connvo.sandbox.getstream.Endpoint;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The standalone application end to end: real HTTP on a random port, real RS256 tokens from the development
 * issuer, the real GetStream SDK talking to the in-process sandbox, the sandbox's signed webhooks coming back.
 * One Spring context for all cases; the sandbox's faults and the circuit breaker are reset before each.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "connvo.deadlines.polling-interval=100ms",
                "connvo.getstream.retry.max-attempts=4",
                "connvo.getstream.retry.initial-delay=100ms",
                "connvo.getstream.retry.max-delay=400ms",
                "connvo.getstream.retry.jitter=0",
                "connvo.getstream.timeout=3s",
                "connvo.sandbox.webhook-retry-delay=50ms"})
class EndToEndTest {

    private static final Path DATA_DIR = Path.of("target", "e2e-data", UUID.randomUUID().toString()).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("connvo.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    GetStreamSandbox sandbox;

    @Autowired
    CircuitBreaker getStreamCircuitBreaker;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private String hostToken;

    @BeforeEach
    void healthySandboxAndAHost() throws Exception {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        hostToken = devToken("user_host_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aPaidMeetingIsProvisionedAndItsRecordingBecomesReadyWithItsUrl() throws Exception {
        String meetingId = startPaidMeeting();
        awaitMeeting(meetingId, m -> m.path("roomStatus").asText().equals("provisioned")
                && m.path("transcriptionStatus").asText().equals("active"));

        String recordingId = recordAndStop(meetingId);

        JsonNode recording = awaitRecording(meetingId, recordingId, r -> r.path("status").asText().equals("ready"));
        assertReady(recording);
        JsonNode meeting = run("queries/getMeeting", Map.of("meetingId", meetingId)).path("value");
        assertThat(meeting.path("state").asText()).isEqualTo("active");
        assertThat(meeting.path("roomId").asText()).isEqualTo("default:" + meetingId);
        assertThat(meeting.path("currentRecordingId").isNull()).isTrue();
        assertThat(sandbox.call("default", meetingId)).isPresent();
        // recording_started, recording_stopped, recording_ready and transcription_started came in as signed webhooks
        assertThat(appliedWebhooks(meetingId)).contains("call.recording_started", "call.recording_stopped",
                "call.recording_ready", "call.transcription_started");
    }

    @Test
    void theSameEndStateWhenGetStreamFailsTheFirstAttempts() throws Exception {
        int callAttempts = sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL);
        int recordingAttempts = sandbox.requestCount(Endpoint.START_RECORDING);
        sandbox.failNext(Endpoint.GET_OR_CREATE_CALL, 503, 2);
        String meetingId = startPaidMeeting();
        awaitMeeting(meetingId, m -> m.path("roomStatus").asText().equals("provisioned")
                && m.path("transcriptionStatus").asText().equals("active"));
        assertThat(sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL) - callAttempts).isGreaterThanOrEqualTo(3);

        sandbox.failNext(Endpoint.START_RECORDING, 503, 2);
        String recordingId = recordAndStop(meetingId);
        assertThat(sandbox.requestCount(Endpoint.START_RECORDING) - recordingAttempts).isGreaterThanOrEqualTo(3);

        assertReady(awaitRecording(meetingId, recordingId, r -> r.path("status").asText().equals("ready")));
    }

    @Test
    void withGetStreamDownForGoodTheRecordingFailsAndANewMeetingFallsBackToWebRtc() throws Exception {
        String provisioned = startPaidMeeting();
        awaitMeeting(provisioned, m -> m.path("roomStatus").asText().equals("provisioned"));
        sandbox.outageFor(Duration.ofMinutes(10));

        HttpResponse<String> start = post("stream/index/startRecording", Map.of("meetingId", provisioned), hostToken);
        JsonNode answer = JSON.readTree(start.body());
        String recordingId;
        if (start.statusCode() == 200) { // the bounded wait expired before the retries were exhausted
            recordingId = answer.path("value").path("recordingId").asText();
        } else {
            assertThat(start.statusCode()).as(start.body()).isEqualTo(400);
            assertThat(answer.path("errorData").path("code").asText()).isEqualTo("STREAM_ERROR");
            recordingId = answer.path("errorData").path("metadata").path("recordingId").asText();
        }
        assertThat(recordingId).startsWith("recording_");
        JsonNode failed = awaitRecording(provisioned, recordingId, r -> r.path("status").asText().equals("failed"));
        assertThat(failed.path("failureReason").asText()).isNotBlank();

        String fallback = startPaidMeeting();
        JsonNode meeting = awaitMeeting(fallback, m -> m.path("roomStatus").asText().equals("fallback"));
        assertThat(meeting.path("fallbackReason").asText()).isNotBlank();
        assertThat(meeting.path("webrtcReady").asBoolean()).isTrue();
        assertThat(meeting.path("state").asText()).isEqualTo("active");
    }

    // ---- the walk-through's steps ----

    private String startPaidMeeting() throws Exception {
        JsonNode created = run("lifecycle/createMeeting", Map.of("title", "Design review", "recordingEnabled", true));
        assertThat(created.path("value").path("videoProvider").asText()).isEqualTo("getstream");
        assertThat(created.path("value").path("tier").asText()).isEqualTo("paid");
        String meetingId = created.path("value").path("meetingId").asText();
        JsonNode started = run("lifecycle/startMeeting", Map.of("meetingId", meetingId));
        assertThat(started.path("value").path("success").asBoolean()).isTrue();
        assertThat(started.path("value").path("videoProvider").asText()).isEqualTo("getstream");
        return meetingId;
    }

    /** startRecording answers once the recording is active; then stopRecording. */
    private String recordAndStop(String meetingId) throws Exception {
        JsonNode started = run("stream/index/startRecording", Map.of("meetingId", meetingId,
                "recordingConfig", Map.of("mode", "available", "quality", "1080p", "layout", "grid")));
        assertThat(started.path("value").path("success").asBoolean()).isTrue();
        String recordingId = started.path("value").path("recordingId").asText();
        assertThat(recordingId).startsWith("recording_");
        assertThat(recording(meetingId, recordingId).path("status").asText())
                .as("startRecording answered after the recording became active")
                .isIn("active", "stopping", "stopped", "ready");

        JsonNode stopped = run("stream/index/stopRecording", Map.of("meetingId", meetingId));
        assertThat(stopped.path("value").path("success").asBoolean()).isTrue();
        return recordingId;
    }

    private void assertReady(JsonNode recording) {
        assertThat(recording.path("url").asText()).startsWith(sandbox.baseUrl() + "recordings/").endsWith(".mp4");
        assertThat(recording.path("recordingStartedAt").isNull()).isFalse();
        assertThat(recording.path("recordingEndedAt").isNull()).isFalse();
        assertThat(recording.path("config").path("quality").asText()).isEqualTo("1080p");
    }

    private JsonNode awaitMeeting(String meetingId, Predicate<JsonNode> condition) {
        return waiting().until(() -> run("queries/getMeeting", Map.of("meetingId", meetingId)).path("value"), condition::test);
    }

    private JsonNode awaitRecording(String meetingId, String recordingId, Predicate<JsonNode> condition) {
        return waiting().until(() -> recording(meetingId, recordingId), condition::test);
    }

    private JsonNode recording(String meetingId, String recordingId) throws Exception {
        for (JsonNode recording : run("queries/listRecordings", Map.of("meetingId", meetingId)).path("value").path("recordings")) {
            if (recording.path("recordingId").asText().equals(recordingId)) {
                return recording;
            }
        }
        return JSON.createObjectNode();
    }

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }

    private List<String> appliedWebhooks(String meetingId) {
        return jdbc.sql("SELECT event_type FROM webhook_delivery WHERE call_cid = ? AND outcome = 'applied'")
                .param("default:" + meetingId)
                .query(String.class)
                .list();
    }

    // ---- HTTP ----

    private String devToken(String subject) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("sub", subject).put("role", "admin");
        HttpResponse<String> response = send("/dev/tokens", body.toString(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** A successful route call's envelope. */
    private JsonNode run(String route, Map<String, Object> args) throws Exception {
        HttpResponse<String> response = post(route, args, hostToken);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(response.statusCode()).as(route + " " + response.body()).isEqualTo(200);
        assertThat(envelope.path("status").asText()).isEqualTo("success");
        return envelope;
    }

    private HttpResponse<String> post(String route, Map<String, Object> args, String token) throws Exception {
        return send("/api/run/meetings/" + route, JSON.writeValueAsString(Map.of("args", args)), token);
    }

    /** Every answer of the application, failures included, is an envelope and never an HTTP 500. */
    private HttpResponse<String> send(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isLessThan(500);
        return response;
    }
}
