package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The standalone application end to end (see {@link StandaloneHttpTest}); the sandbox's faults and the circuit
 * breaker are reset before each case.
 */
class EndToEndTest extends StandaloneHttpTest {

    private String hostToken;

    @BeforeEach
    void healthySandboxAndAHost() throws Exception {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        hostToken = token(user("host"), "admin");
    }

    @Test
    void aPaidMeetingIsProvisionedAndItsRecordingBecomesReadyWithItsUrl() throws Exception {
        String meetingId = startPaidMeeting();
        awaitMeeting(meetingId, hostToken, m -> m.path("roomStatus").asString().equals("provisioned")
                && m.path("transcriptionStatus").asString().equals("active"));

        String recordingId = recordAndStop(meetingId);

        JsonNode recording = awaitRecording(meetingId, recordingId, hostToken, r -> r.path("status").asString().equals("ready"));
        assertReady(recording);
        JsonNode meeting = run("queries/getMeeting", Map.of("meetingId", meetingId)).path("value");
        assertThat(meeting.path("state").asString()).isEqualTo("active");
        assertThat(meeting.path("roomId").asString()).isEqualTo("default:" + meetingId);
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
        awaitMeeting(meetingId, hostToken, m -> m.path("roomStatus").asString().equals("provisioned")
                && m.path("transcriptionStatus").asString().equals("active"));
        assertThat(sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL) - callAttempts).isGreaterThanOrEqualTo(3);

        sandbox.failNext(Endpoint.START_RECORDING, 503, 2);
        String recordingId = recordAndStop(meetingId);
        assertThat(sandbox.requestCount(Endpoint.START_RECORDING) - recordingAttempts).isGreaterThanOrEqualTo(3);

        assertReady(awaitRecording(meetingId, recordingId, hostToken, r -> r.path("status").asString().equals("ready")));
    }

    @Test
    void withGetStreamDownForGoodTheRecordingFailsAndANewMeetingFallsBackToWebRtc() throws Exception {
        String provisioned = startPaidMeeting();
        awaitMeeting(provisioned, hostToken, m -> m.path("roomStatus").asString().equals("provisioned"));
        sandbox.outageFor(Duration.ofMinutes(10));

        Reply start = post("stream/index/startRecording", Map.of("meetingId", provisioned), hostToken);
        JsonNode answer = start.json();
        String recordingId;
        if (start.status() == 200) { // the bounded wait expired before the retries were exhausted
            recordingId = answer.path("value").path("recordingId").asString();
        } else {
            assertThat(start.status()).as(start.body()).isEqualTo(400);
            assertThat(answer.path("errorData").path("code").asString()).isEqualTo("STREAM_ERROR");
            recordingId = answer.path("errorData").path("metadata").path("recordingId").asString();
        }
        assertThat(recordingId).startsWith("recording_");
        JsonNode failed = awaitRecording(provisioned, recordingId, hostToken, r -> r.path("status").asString().equals("failed"));
        assertThat(failed.path("failureReason").asString()).isNotBlank();

        String fallback = startPaidMeeting();
        JsonNode meeting = awaitMeeting(fallback, hostToken, m -> m.path("roomStatus").asString().equals("fallback"));
        assertThat(meeting.path("fallbackReason").asString()).isNotBlank();
        assertThat(meeting.path("webrtcReady").asBoolean()).isTrue();
        assertThat(meeting.path("state").asString()).isEqualTo("active");
    }

    /** The recording GetStream would not stop may still run there: the next start finds it running and goes on. */
    @Test
    void aRecordingGetStreamWillNotStopEndsFailedWithTheReasonAndTheHostMayRecordAgain() throws Exception {
        String meetingId = startPaidMeeting();
        awaitMeeting(meetingId, hostToken, m -> m.path("roomStatus").asText().equals("provisioned"));
        sandbox.failAlways(Endpoint.STOP_RECORDING, 503);

        String recordingId = recordAndStop(meetingId);

        JsonNode failed = awaitRecording(meetingId, recordingId, hostToken, r -> r.path("status").asText().equals("failed"));
        assertThat(failed.path("failureReason").asText()).startsWith("Could not stop the recording: ");
        assertThat(failed.path("stopRequestedAt").isNull()).isFalse();
        JsonNode next = run("stream/index/startRecording", Map.of("meetingId", meetingId));
        assertThat(next.path("value").path("success").asBoolean()).isTrue();
        assertThat(next.path("value").path("recordingId").asText()).isNotEqualTo(recordingId);
    }

    /** The start's own events open the local transcription, the end's own events stop it (the answer shows it). */
    @Test
    void aFreeMeetingTranscribesLocallyFromItsStartUntilItEnds() {
        String freeHost = token(user("free"), null);
        String meetingId = createMeeting(freeHost, false);
        ok("lifecycle/startMeeting", Map.of("meetingId", meetingId), freeHost);

        JsonNode started = meeting(meetingId, freeHost);
        assertThat(started.path("transcriptionStatus").asString()).isEqualTo("active");
        assertThat(started.path("transcriptionProvider").asString()).isEqualTo("whisper");
        assertThat(events(meetingId)).containsExactly("MeetingCreated", "ParticipantAdded", "MeetingStarted",
                "TranscriptionInitialized");

        ok("lifecycle/endMeeting", Map.of("meetingId", meetingId), freeHost);
        assertThat(meeting(meetingId, freeHost).path("transcriptionStatus").asString()).isEqualTo("stopped");
        assertThat(events(meetingId)).endsWith("MeetingEnded", "TranscriptionStopped");
    }

    /**
     * A participant removed from a paid meeting (say for abuse) still holds the participant token issued to them: the
     * call no longer has them as a member, and GetStream refuses that token because they are blocked in it.
     */
    @Test
    void aParticipantRemovedFromAPaidMeetingIsRemovedFromItsCallAndBlocked() throws Exception {
        String meetingId = provisionedPaidMeeting(hostToken);
        String guest = user("guest");
        run("lifecycle/addParticipant", Map.of("meetingId", meetingId, "userId", guest));
        waiting().until(() -> sandbox.call("default", meetingId).orElseThrow().memberIds().contains(guest));
        String guestCallToken = ok("stream/index/generateParticipantToken", Map.of("meetingId", meetingId),
                token(guest, null)).path("token").asString();
        assertThat(joinCall(meetingId, guestCallToken)).isEqualTo(200);

        int kicks = sandbox.requestCount(Endpoint.KICK_USER);

        run("lifecycle/removeParticipant", Map.of("meetingId", meetingId, "userId", guest));

        waiting().until(() -> sandbox.requestCount(Endpoint.KICK_USER) > kicks); // the removal's last request
        assertThat(sandbox.call("default", meetingId).orElseThrow().blockedUserIds()).contains(guest);
        assertThat(sandbox.call("default", meetingId).orElseThrow().memberIds()).doesNotContain(guest);
        assertThat(joinCall(meetingId, guestCallToken)).as("the token issued before the removal").isEqualTo(403);
    }

    /** What a client SDK does with a participant token: join the call at GetStream (here the sandbox). */
    private int joinCall(String meetingId, String userToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                                + "api/v2/video/call/default/" + meetingId + "/join?api_key=" + sandbox.config().apiKey()))
                        .header("Authorization", userToken).header("Stream-Auth-Type", "jwt")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    // ---- the walk-through's steps ----

    private String startPaidMeeting() throws Exception {
        JsonNode created = run("lifecycle/createMeeting", Map.of("title", "Design review", "recordingEnabled", true));
        assertThat(created.path("value").path("videoProvider").asString()).isEqualTo("getstream");
        assertThat(created.path("value").path("tier").asString()).isEqualTo("paid");
        String meetingId = created.path("value").path("meetingId").asString();
        JsonNode started = run("lifecycle/startMeeting", Map.of("meetingId", meetingId));
        assertThat(started.path("value").path("success").asBoolean()).isTrue();
        assertThat(started.path("value").path("videoProvider").asString()).isEqualTo("getstream");
        return meetingId;
    }

    /** startRecording answers once the recording is active; then stopRecording. */
    private String recordAndStop(String meetingId) throws Exception {
        JsonNode started = run("stream/index/startRecording", Map.of("meetingId", meetingId,
                "recordingConfig", Map.of("mode", "available", "quality", "1080p", "layout", "grid")));
        assertThat(started.path("value").path("success").asBoolean()).isTrue();
        String recordingId = started.path("value").path("recordingId").asString();
        assertThat(recordingId).startsWith("recording_");
        assertThat(recording(meetingId, recordingId, hostToken).path("status").asString())
                .as("startRecording answered after the recording became active")
                .isIn("active", "stopping", "stopped", "ready");

        JsonNode stopped = run("stream/index/stopRecording", Map.of("meetingId", meetingId));
        assertThat(stopped.path("value").path("success").asBoolean()).isTrue();
        return recordingId;
    }

    private void assertReady(JsonNode recording) {
        assertThat(recording.path("url").asString()).startsWith(sandbox.baseUrl() + "recordings/").endsWith(".mp4");
        assertThat(recording.path("recordingStartedAt").isNull()).isFalse();
        assertThat(recording.path("recordingEndedAt").isNull()).isFalse();
        assertThat(recording.path("config").path("quality").asString()).isEqualTo("1080p");
    }

    private List<String> appliedWebhooks(String meetingId) {
        return jdbc.sql("SELECT event_type FROM webhook_delivery WHERE call_cid = ? AND outcome = 'applied'")
                .param("default:" + meetingId)
                .query(String.class)
                .list();
    }

    /** A successful route call's envelope. */
    private JsonNode run(String route, Map<String, Object> args) {
        return JSON.valueToTree(Map.of("value", ok(route, args, hostToken)));
    }
}
