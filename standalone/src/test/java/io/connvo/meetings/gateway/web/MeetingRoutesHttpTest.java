package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every route's success and the errors it gives, end to end over HTTP. */
class MeetingRoutesHttpTest extends GatewayHttpTest {

    @Test
    void freeMeetingRunsOnWebrtcWithIceServers() {
        String host = user();
        String token = free(host);
        JsonNode created = ok(run(RUN + "lifecycle/createMeeting", token,
                args("{\"title\":\"Standup\",\"maxParticipants\":8,\"scheduledAt\":\"2030-01-01T09:00:00Z\"}"))).value();
        assertThat(created.get("meetingId").asString()).startsWith("meeting_");
        assertThat(created.get("tier").asString()).isEqualTo("free");
        assertThat(created.get("videoProvider").asString()).isEqualTo("webrtc");
        assertThat(created.get("maxParticipants").asInt()).isEqualTo(4);
        assertThat(created.get("state").asString()).isEqualTo("scheduled");
        String meetingId = created.get("meetingId").asString();

        JsonNode started = ok(run(RUN + "lifecycle/startMeeting", token, meeting(meetingId))).value();

        assertThat(started.get("success").asBoolean()).isTrue();
        assertThat(started.get("webrtcReady").asBoolean()).isTrue();
        assertThat(started.get("videoProvider").asString()).isEqualTo("webrtc");
        assertThat(started.at("/roomInfo/roomId").asString()).isEqualTo("webrtc_" + meetingId);
        JsonNode ice = started.at("/roomInfo/iceServers");
        assertThat(ice.get(0).get("urls").asString()).isEqualTo("stun:stun.l.google.com:19302");
        assertThat(ice.get(1).get("urls").asString()).isEqualTo("stun:stun1.l.google.com:19302");
        assertThat(ice.get(2).get("urls").asString()).isEqualTo("turn:turn.test:3478");
        assertThat(ice.get(2).get("username").asString()).endsWith(":" + host);
        assertThat(ice.get(2).get("credential").asString()).isNotBlank();

        // read-your-writes: the next query sees the start, and the local transcription it opened
        JsonNode view = ok(run(RUN + "queries/getMeeting", token, meeting(meetingId))).value();
        assertThat(view.get("state").asString()).isEqualTo("active");
        assertThat(view.get("hostId").asString()).isEqualTo(host);
        assertThat(view.get("transcriptionStatus").asString()).isEqualTo("active");
        assertThat(view.get("transcriptionProvider").asString()).isEqualTo("whisper");

        failed(run(RUN + "lifecycle/startMeeting", token, meeting(meetingId)), "VALIDATION_ERROR");
        failed(run(RUN + "stream/index/startRecording", token, meeting(meetingId)), "VALIDATION_ERROR");
    }

    @Test
    void epochMillisAreAcceptedForScheduledAt() {
        String token = free(user());
        String meetingId = create(token, "{\"title\":\"Later\",\"scheduledAt\":1893488400000}");
        JsonNode view = ok(run(RUN + "queries/getMeeting", token, meeting(meetingId))).value();
        assertThat(view.get("scheduledAt").asString()).isEqualTo("2030-01-01T09:00:00Z");
    }

    @Test
    void paidMeetingRunsOnGetstreamAndRecords() {
        String host = user();
        String token = paid(host);
        JsonNode created = ok(run(RUN + "lifecycle/createMeeting", token,
                args("{\"title\":\"Board\",\"maxParticipants\":20,\"recordingEnabled\":true}"))).value();
        assertThat(created.get("tier").asString()).isEqualTo("paid");
        assertThat(created.get("videoProvider").asString()).isEqualTo("getstream");
        assertThat(created.get("maxParticipants").asInt()).isEqualTo(20);
        String meetingId = created.get("meetingId").asString();

        JsonNode started = ok(run(RUN + "lifecycle/startMeeting", token, meeting(meetingId))).value();
        assertThat(started.get("webrtcReady").asBoolean()).isFalse();
        assertThat(started.get("videoProvider").asString()).isEqualTo("getstream");
        assertThat(started.at("/roomInfo/iceServers").isMissingNode()).isTrue();

        awaitRoom(host, meetingId);
        // activated by the provider within the bound: success with the id
        JsonNode recording = ok(run(RUN + "stream/index/startRecording", token, args("{\"meetingId\":\"" + meetingId
                + "\",\"recordingConfig\":{\"mode\":\"available\",\"audioOnly\":false,\"quality\":\"1080p\","
                + "\"layout\":\"single-participant\"}}"))).value();
        assertThat(recording.get("success").asBoolean()).isTrue();
        String recordingId = recording.get("recordingId").asString();
        assertThat(recordingId).startsWith("recording_");

        JsonNode list = ok(run(RUN + "queries/listRecordings", token, meeting(meetingId))).value();
        assertThat(list.get("recordings").get(0).get("recordingId").asString()).isEqualTo(recordingId);
        assertThat(list.get("recordings").get(0).get("status").asString()).isEqualTo("active");
        assertThat(list.at("/recordings/0/config/quality").asString()).isEqualTo("1080p");

        failed(run(RUN + "stream/index/startRecording", token, meeting(meetingId)), "CONFLICT");

        JsonNode stopped = ok(run(RUN + "stream/index/stopRecording", token, meeting(meetingId))).value();
        assertThat(stopped.get("success").asBoolean()).isTrue();
        failed(run(RUN + "stream/index/stopRecording", token, meeting(meetingId)), "VALIDATION_ERROR");

        JsonNode ended = ok(run(RUN + "lifecycle/endMeeting", token, meeting(meetingId))).value();
        assertThat(ended.at("/meeting/state").asString()).isEqualTo("concluded");
        failed(run(RUN + "lifecycle/endMeeting", token, meeting(meetingId)), "VALIDATION_ERROR");
    }

    @Test
    void recordingThatFailsToStartIsAStreamError() {
        String host = user();
        String token = paid(host);
        String meetingId = startedPaidMeeting(host);

        JsonNode error = failed(run(RUN + "stream/index/startRecording", token, args("{\"meetingId\":\"" + meetingId
                + "\",\"recordingConfig\":{\"layout\":\"spotlight\"}}")), "STREAM_ERROR").json();

        assertThat(error.at("/errorData/statusCode").asInt()).isEqualTo(502);
        assertThat(error.at("/errorData/metadata/reason").asString()).isEqualTo(FakeMediaSaga.FAILURE_REASON);
        assertThat(error.at("/errorData/metadata/recordingId").asString()).startsWith("recording_");
    }

    @Test
    void recordingStillStartingAtTheBoundReturnsItsId() {
        String host = user();
        String token = paid(host);
        String meetingId = startedPaidMeeting(host);

        JsonNode value = ok(run(RUN + "stream/index/startRecording", token, meeting(meetingId))).value();

        assertThat(value.get("recordingId").asString()).startsWith("recording_");
        assertThat(value.has("recordingUrl")).isFalse();
        JsonNode view = ok(run(RUN + "queries/getMeeting", token, meeting(meetingId))).value();
        assertThat(view.get("currentRecordingId").asString()).isEqualTo(value.get("recordingId").asString());
    }

    @Test
    void fourthRecordingStartWithinAMinuteIsRateLimitedWithRetryAfter() {
        String host = user();
        String token = paid(host);
        String meetingId = startedPaidMeeting(host);
        String activating = args("{\"meetingId\":\"" + meetingId + "\",\"recordingConfig\":{\"layout\":\"single-participant\"}}");
        for (int i = 0; i < 3; i++) {
            ok(run(RUN + "stream/index/startRecording", token, activating));
            ok(run(RUN + "stream/index/stopRecording", token, meeting(meetingId)));
        }

        Reply limited = failed(run(RUN + "stream/index/startRecording", token, activating), "RATE_LIMIT_EXCEEDED");

        assertThat(limited.json().at("/errorData/statusCode").asInt()).isEqualTo(429);
        long retryAfterMs = limited.json().at("/errorData/metadata/retryAfterMs").asLong();
        assertThat(retryAfterMs).isPositive();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue(Long.toString((retryAfterMs + 999) / 1000));
    }

    @Test
    void participantsAddJoinAndLeaveAndOnlyTheHostMayStart() {
        String host = user();
        String guest = user();
        String stranger = user();
        String hostToken = free(host);
        String guestToken = free(guest);
        String meetingId = create(hostToken, "{\"title\":\"Pairing\"}");

        failed(run(RUN + "queries/getMeeting", guestToken, meeting(meetingId)), "NOT_FOUND");
        JsonNode added = ok(run(RUN + "lifecycle/addParticipant", hostToken,
                args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + guest + "\"}"))).value();
        assertThat(added.at("/meeting/participants").size()).isEqualTo(2);
        failed(run(RUN + "lifecycle/addParticipant", hostToken,
                args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + guest + "\"}")), "CONFLICT");
        failed(run(RUN + "lifecycle/addParticipant", guestToken,
                args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + stranger + "\"}")), "INSUFFICIENT_PERMISSIONS");

        // a participant who is not host; a stranger does not even learn the meeting exists
        Reply notHost = failed(run(RUN + "lifecycle/startMeeting", guestToken, meeting(meetingId)),
                "INSUFFICIENT_PERMISSIONS");
        assertThat(notHost.json().at("/errorData/statusCode").asInt()).isEqualTo(403);
        Reply unknown = failed(run(RUN + "lifecycle/startMeeting", free(stranger), meeting(meetingId)),
                "NOT_FOUND");
        assertThat(unknown.json().at("/errorData/statusCode").asInt()).isEqualTo(404);
        failed(run(RUN + "lifecycle/joinMeeting", guestToken, meeting(meetingId)), "VALIDATION_ERROR");

        ok(run(RUN + "lifecycle/startMeeting", hostToken, meeting(meetingId)));
        JsonNode joined = ok(run(RUN + "lifecycle/joinMeeting", guestToken, meeting(meetingId))).value();
        assertThat(presenceOf(joined.get("meeting"), guest)).isEqualTo("joined");
        JsonNode left = ok(run(RUN + "lifecycle/leaveMeeting", guestToken, meeting(meetingId))).value();
        assertThat(presenceOf(left.get("meeting"), guest)).isEqualTo("left");
        failed(run(RUN + "lifecycle/leaveMeeting", free(stranger), meeting(meetingId)), "NOT_FOUND");
        failed(run(RUN + "queries/listRecordings", free(stranger), meeting(meetingId)), "NOT_FOUND");
        assertThat(ok(run(RUN + "queries/listRecordings", guestToken, meeting(meetingId))).value()
                .get("recordings").isEmpty()).isTrue();
    }

    @Test
    void freeMeetingIsFullAtFourJoined() {
        String hostToken = free(user());
        String meetingId = create(hostToken, "{\"title\":\"Small\",\"maxParticipants\":4}");
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String guest = user();
            guests.add(guest);
            ok(run(RUN + "lifecycle/addParticipant", hostToken,
                    args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + guest + "\"}")));
        }
        ok(run(RUN + "lifecycle/startMeeting", hostToken, meeting(meetingId)));
        for (int i = 0; i < 4; i++) {
            ok(run(RUN + "lifecycle/joinMeeting", free(guests.get(i)), meeting(meetingId)));
        }
        failed(run(RUN + "lifecycle/joinMeeting", hostToken, meeting(meetingId)), "CONFLICT");
    }

    @Test
    void cancelOnlyBeforeTheStart() {
        String token = free(user());
        String meetingId = create(token, "{\"title\":\"Maybe\"}");
        JsonNode cancelled = ok(run(RUN + "lifecycle/cancelMeeting", token,
                args("{\"meetingId\":\"" + meetingId + "\",\"reason\":\"moved\"}"))).value();
        assertThat(cancelled.at("/meeting/state").asString()).isEqualTo("cancelled");
        failed(run(RUN + "lifecycle/startMeeting", token, meeting(meetingId)), "VALIDATION_ERROR");
        failed(run(RUN + "lifecycle/cancelMeeting", token, meeting(meetingId)), "VALIDATION_ERROR");
        failed(run(RUN + "lifecycle/cancelMeeting", token, meeting("meeting_unknown")), "NOT_FOUND");
    }

    @Test
    void unknownMeetingIsNotFoundOnEveryRoute() {
        String token = paid(user());
        for (String route : List.of("lifecycle/startMeeting", "lifecycle/endMeeting", "lifecycle/cancelMeeting",
                "lifecycle/joinMeeting", "lifecycle/leaveMeeting", "stream/index/startRecording",
                "stream/index/stopRecording", "queries/getMeeting", "queries/listRecordings")) {
            failed(run(RUN + route, token, meeting("meeting_doesnotexist")), "NOT_FOUND");
        }
        failed(run(RUN + "lifecycle/addParticipant", token,
                args("{\"meetingId\":\"meeting_doesnotexist\",\"userId\":\"someone\"}")), "NOT_FOUND");
    }

    @Test
    void commandsCarryTheActorAndTraceMetadata() {
        String host = user();
        String token = free(host);
        String traced = ok(run(RUN + "lifecycle/createMeeting", token, args("{\"title\":\"Traced\"}"),
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).value()
                .get("meetingId").asString();
        String requested = ok(run(RUN + "lifecycle/createMeeting", token, args("{\"title\":\"Requested\"}"),
                "X-Request-Id", "req-123")).value().get("meetingId").asString();

        assertThat(creationMetadata(traced)).contains("\"actor\":\"" + host + "\"")
                .contains("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"")
                .containsPattern("\"correlationId\":\"[0-9a-f-]{36}\"");
        assertThat(creationMetadata(requested)).contains("\"traceId\":\"req-123\"");
    }

    private String creationMetadata(String meetingId) {
        return jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(meetingId).query(byte[].class).optional().map(String::new).orElseThrow();
    }

    private static String presenceOf(JsonNode meeting, String userId) {
        for (JsonNode participant : meeting.get("participants")) {
            if (participant.get("userId").asString().equals(userId)) {
                return participant.get("presence").asString();
            }
        }
        return null;
    }
}
