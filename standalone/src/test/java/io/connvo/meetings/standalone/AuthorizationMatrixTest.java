package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every route tried by a stranger, a participant and the host of one meeting (and, for audit and replay, by an
 * auditor and an administrator who take no part in it): only the documented callers succeed, and a refused
 * attempt leaves the meeting's events unchanged. Refusals: a stranger gets NOT_FOUND (the meeting's existence is
 * not revealed), a participant INSUFFICIENT_PERMISSIONS for what only the host may do.
 */
class AuthorizationMatrixTest extends StandaloneHttpTest {

    private final List<String> checked = new ArrayList<>();

    @Test
    void onlyTheDocumentedCallersSucceedOnEveryRoute() {
        String hostId = user("host");
        String participantId = user("participant");
        String host = paidUserToken(hostId);
        String participant = paidUserToken(participantId);
        String stranger = paidUserToken(user("stranger"));
        String auditor = token(user("auditor"), "auditor");
        String admin = token(user("admin"), "admin");
        String meetingId = createMeeting(host, true);

        // the host invites first, so that the participant exists for the rest of the matrix
        ok("lifecycle/addParticipant", Map.of("meetingId", meetingId, "userId", participantId), host);
        hostOnly("lifecycle/addParticipant", Map.of("meetingId", meetingId, "userId", user("invitee")), meetingId,
                stranger, participant, host, null);
        hostOnly("lifecycle/startMeeting", Map.of("meetingId", meetingId), meetingId, stranger, participant, host, null);
        // the saga provisions the room, then starts transcription, asynchronously: wait for both, so that the
        // refusals below compare a stream that stands still
        awaitMeeting(meetingId, host, m -> m.path("roomStatus").asString().equals("provisioned")
                && m.path("transcriptionStatus").asString().equals("active"));
        participants("lifecycle/joinMeeting", meetingId, stranger, participant, host);
        participants("lifecycle/leaveMeeting", meetingId, stranger, participant, host);
        participants("queries/getMeeting", meetingId, stranger, participant, host);
        participants("queries/listRecordings", meetingId, stranger, participant, host);

        hostOnly("stream/index/startRecording", Map.of("meetingId", meetingId), meetingId, stranger, participant, host, null);
        String recordingId = ok("queries/listRecordings", Map.of("meetingId", meetingId), host)
                .path("recordings").get(0).path("recordingId").asString();
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("active"));
        hostOnly("stream/index/stopRecording", Map.of("meetingId", meetingId), meetingId, stranger, participant, host, null);
        // the provider's stop and ready arrive asynchronously: once ready, the meeting's events stand still
        awaitRecording(meetingId, recordingId, host, r -> r.path("status").asString().equals("ready"));

        String audit = "/api/audit/meetings/" + meetingId;
        for (String path : List.of(audit + "/events", audit + "/state?at=" + Instant.now(),
                audit + "/recordings/" + recordingId + "/history")) {
            long before = events(meetingId).size();
            assertRefused(get(path, stranger), "NOT_FOUND", "stranger " + path);
            assertRefused(get(path, participant), "INSUFFICIENT_PERMISSIONS", "participant " + path);
            for (String allowed : List.of(host, auditor, admin)) {
                assertThat(get(path, allowed).status()).as(path).isEqualTo(200);
            }
            assertThat(events(meetingId)).hasSize((int) before);
            checked.add("GET " + path.replace(meetingId, "{id}").replaceAll("at=.*", "at=…").replace(recordingId, "{rid}"));
        }

        hostOnly("lifecycle/endMeeting", Map.of("meetingId", meetingId), meetingId, stranger, participant, host, null);

        String scheduled = createMeeting(host, true);
        ok("lifecycle/addParticipant", Map.of("meetingId", scheduled, "userId", participantId), host);
        hostOnly("lifecycle/cancelMeeting", Map.of("meetingId", scheduled, "reason", "moved"), scheduled,
                stranger, participant, host, null);

        // projection replay and its status: administrators only
        for (String who : List.of(stranger, participant, host, auditor)) {
            assertRefused(get("/api/admin/projections/recording-view", who), "INSUFFICIENT_PERMISSIONS", "replay status");
            assertRefused(send("POST", "/api/admin/projections/recording-view/replay", "application/json", null, who),
                    "INSUFFICIENT_PERMISSIONS", "replay");
        }
        assertThat(send("POST", "/api/admin/projections/recording-view/replay", "application/json", null, admin).status())
                .isEqualTo(200);
        waiting().until(() -> get("/api/admin/projections/recording-view", admin).value(),
                status -> !status.path("replaying").asBoolean() && status.path("running").asBoolean());
        checked.add("POST /api/admin/projections/{name}/replay, GET /api/admin/projections/{name}");
        assertThat(ok("queries/listRecordings", Map.of("meetingId", meetingId), host).path("recordings")).hasSize(1);

        System.out.println("Authorization matrix checked on: " + checked);
        assertThat(checked).hasSize(14);
    }

    /** Stranger NOT_FOUND, participant INSUFFICIENT_PERMISSIONS, nothing stored; then the host succeeds. */
    private void hostOnly(String route, Map<String, ?> args, String meetingId, String stranger, String participant,
                          String host, Map<String, ?> hostArgs) {
        List<String> before = events(meetingId);
        assertRefused(post(route, args, stranger), "NOT_FOUND", "stranger " + route);
        assertRefused(post(route, args, participant), "INSUFFICIENT_PERMISSIONS", "participant " + route);
        assertThat(events(meetingId)).as(route + " refused").isEqualTo(before);
        ok(route, hostArgs == null ? args : hostArgs, host);
        checked.add(route);
    }

    /** Stranger NOT_FOUND and nothing stored; participant and host succeed. */
    private void participants(String route, String meetingId, String stranger, String participant, String host) {
        List<String> before = events(meetingId);
        assertRefused(post(route, Map.of("meetingId", meetingId), stranger), "NOT_FOUND", "stranger " + route);
        assertThat(events(meetingId)).as(route + " refused").isEqualTo(before);
        ok(route, Map.of("meetingId", meetingId), participant);
        ok(route, Map.of("meetingId", meetingId), host);
        checked.add(route);
    }

    private static void assertRefused(Reply response, String code, String what) {
        assertThat(response.status()).as(what + " " + response.body()).isEqualTo(400);
        JsonNode error = response.json();
        assertThat(error.path("status").asString()).isEqualTo("error");
        assertThat(response.code()).as(what + " " + response.body()).isEqualTo(code);
    }
}
