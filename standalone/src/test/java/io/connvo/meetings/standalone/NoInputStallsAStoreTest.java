package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.Text;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.Endpoint;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Values from outside that reach a table without a client's input policy in front of them: GetStream's answers to
 * the SDK's calls, the times in GetStream's webhooks, the trace headers of a request. Each is refused naming the
 * field with nothing stored, or stored with every view keeping up: a meeting created afterwards still appears.
 * PostgreSQL refuses what H2 stores (a NUL, a time beyond its range), so the class also runs there.
 */
class NoInputStallsAStoreTest extends StandaloneHttpTest {

    /** Text GetStream might send back in an error message; each once. */
    static final Map<String, String> ANSWERS = Map.of(
            "NUL", "call refused: \u0000 at the end\u0000",
            "lone surrogate", "call refused: \uD800 alone",
            "U+FFFF", "call refused: \uFFFF",
            "bidi override", "call refused: \u202Eesrever",
            "1 MB", "call refused: " + "x".repeat(1 << 20));

    String hostId;
    String host;

    @BeforeEach
    void quietSandbox() {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        hostId = user("stores");
        host = paidUserToken(hostId);
    }

    @AfterEach
    void sandboxWebhooksBack() {
        sandbox.recover();
        sandbox.webhookUrl(URI.create("http://127.0.0.1:" + port + "/webhooks/getstream"));
    }

    @Test
    void anyErrorMessageFromGetStreamReachesTheMeetingViewAsText() {
        ANSWERS.forEach((what, message) -> {
            sandbox.failNext(Endpoint.GET_OR_CREATE_CALL, 400, 1, message);
            String meetingId = startPaidMeeting(host);
            JsonNode meeting = awaitMeeting(meetingId, host, m -> m.path("roomStatus").asString().equals("fallback"));
            assertWithinPolicy(what, meeting.path("fallbackReason").asString());
        });
        assertANewMeetingAppears();
    }

    @Test
    void anyErrorMessageFromGetStreamReachesTheRecordingViewAsText() {
        String meetingId = provisionedPaidMeeting(host);
        sandbox.failNext(Endpoint.START_RECORDING, 400, 1, ANSWERS.get("NUL"));
        Reply start = post("stream/index/startRecording", Map.of("meetingId", meetingId), host);
        String recordingId = start.status() == 200 ? start.value().path("recordingId").asString()
                : start.json().at("/errorData/metadata/recordingId").asString();
        assertThat(recordingId).as(start.body()).startsWith("recording_");
        Text.line("the start's answer", start.message());
        JsonNode failed = awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("failed"));
        assertWithinPolicy("NUL", failed.path("failureReason").asString());
        assertANewMeetingAppears();
    }

    /** Beyond PostgreSQL's timestamps (4713 BC to 294276 AD), beyond any recording, or before the epoch. */
    @Test
    void webhookTimesOutsideTheCalendarAreRefusedNamingTheField() throws Exception {
        String meetingId = provisionedPaidMeeting(host);
        sandbox.webhookUrl(null);
        sandbox.webhooksIdle().get(30, TimeUnit.SECONDS);
        String recordingId = ok("stream/index/startRecording", Map.of("meetingId", meetingId), host).path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));
        ok("stream/index/stopRecording", Map.of("meetingId", meetingId), host);
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("stopped"));
        List<String> events = events(meetingId);
        long deliveries = deliveries();

        for (String time : List.of("+294277-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-4714-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z")) {
            assertRefused(ready(meetingId, time, "2026-01-01T10:01:00Z"), "call_recording.start_time");
            assertRefused(ready(meetingId, "2026-01-01T10:00:00Z", time), "call_recording.end_time");
            assertRefused(WebhookDeliveryTest.participantEvent("call.session_participant_joined", meetingId,
                    hostId, Instant.parse("2026-01-01T10:00:00Z")).replace("2026-01-01T10:00:00Z", time),
                    "created_at");
        }
        assertThat(events(meetingId)).as("nothing stored").isEqualTo(events);
        assertThat(deliveries()).as("no delivery recorded").isEqualTo(deliveries);

        // the edges of the range are times, and the recording takes them
        assertThat(webhook(ready(meetingId, "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"), UUID.randomUUID().toString())
                .value().path("outcome").asString()).isEqualTo("applied");
        JsonNode ready = awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("ready"));
        assertThat(ready.path("recordingStartedAt").asString()).isEqualTo("1970-01-01T00:00:00Z");
        assertANewMeetingAppears();
    }

    /**
     * The trace headers of a request could reach every event it causes (Axon's span factory hands the tracing context
     * on with each message): W3C trace context and baggage as large as the server takes (64 KB of headers in all)
     * leave the stored metadata as small as ever.
     */
    @Test
    void traceHeadersOfAnySizeLeaveTheEventsMetadataSmall() {
        String traceparent = "00-" + "ab".repeat(16) + "-" + "cd".repeat(8) + "-01";
        String tracestate = "vendor=" + "t".repeat(250) + ("," + "k=" + "v".repeat(250)).repeat(60);
        String baggage = ("key=" + "b".repeat(100) + ",").repeat(250) + "last=%00%F0%9F%98%80";
        Reply created = send("POST", "/api/run/meetings/lifecycle/createMeeting", "application/json",
                bytes("{\"args\":{\"title\":\"traced\"}}"), host,
                Map.of("traceparent", traceparent, "tracestate", tracestate, "baggage", baggage));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String meetingId = created.value().path("meetingId").asString();
        List<Integer> metadataSizes = jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(meetingId).query((rs, row) -> rs.getBytes(1).length).list();
        System.out.printf("Trace headers of %d + %d characters: event metadata %s bytes%n", tracestate.length(), baggage.length(), metadataSizes);
        assertThat(metadataSizes).allSatisfy(size -> assertThat(size).isLessThan(2048));
        assertANewMeetingAppears();
    }

    private void assertRefused(String body, String field) {
        Reply answer = webhook(body, UUID.randomUUID().toString());
        assertThat(answer.status()).as(body + " -> " + answer.body()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(answer.field()).as(answer.body()).isEqualTo(field);
    }

    private static String ready(String meetingId, String start, String end) {
        return WebhookDeliveryTest.recordingReady(meetingId)
                .replace("\"start_time\":\"2026-01-01T10:00:00Z\"", "\"start_time\":\"" + start + "\"")
                .replace("\"end_time\":\"2026-01-01T10:01:00Z\"", "\"end_time\":\"" + end + "\"");
    }

    private long deliveries() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery").query(Long.class).single();
    }

    /** Every view keeps up: a meeting created after the odd values is read back and starts. */
    private void assertANewMeetingAppears() {
        sandbox.recover();
        String meetingId = createMeeting(host, false);
        ok("lifecycle/startMeeting", Map.of("meetingId", meetingId), host);
        awaitMeeting(meetingId, host, m -> m.path("state").asString().equals("active"));
    }

    private static void assertWithinPolicy(String what, String text) {
        assertThat(text).as(what).isNotBlank();
        assertThat(text.codePointCount(0, text.length())).as(what + ": length").isLessThanOrEqualTo(Text.FOREIGN_MAX);
        Text.multiline(what, text);
    }
}
