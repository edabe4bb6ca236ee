package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.Text;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.Endpoint;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Values from outside that reach a table without a client's input policy in front of them: GetStream's answers to
 * the SDK's calls. Each is refused naming the
 * field with nothing stored, or stored with every view keeping up: a meeting created afterwards still appears.
 * PostgreSQL refuses what H2 stores (a NUL), so the class also runs there.
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
