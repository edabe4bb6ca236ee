package io.connvo.meetings.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailVideoRoomProvisioning;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Replay is faithful: after a scripted scenario through the real application (free and paid meetings, recordings
 * started, activated, failed, stopped and ready, a room provisioning fallback, meetings ended and cancelled),
 * replaying both projections through the admin endpoint rebuilds every row of every view field by field.
 */
class ProjectionReplayHttpTest extends AuditApplicationTestBase {

    private static final List<String> PROJECTIONS = List.of("meeting-view", "recording-view");
    private static final String ADMIN = "user_replay_admin";

    @Autowired
    JdbcClient jdbc;

    @Test
    void replayRebuildsBothViewsEqualFieldByField() {
        List<String> meetings = scenario();
        PROJECTIONS.forEach(this::awaitAtHead);
        Map<String, List<Map<String, Object>>> before = views();
        assertThat(before.get("meeting_view")).extracting(row -> row.get("meeting_id")).containsAll(meetings);
        assertThat(before.get("recording_view")).extracting(row -> row.get("status"))
                .contains("READY", "FAILED", "STOPPED");

        // Damage the views, so only a real rebuild can make them equal again.
        jdbc.sql("UPDATE meeting_view SET title = 'tampered', version = 999").update();
        jdbc.sql("DELETE FROM recording_view").update();

        for (String name : PROJECTIONS) {
            JsonNode started = value(http.post("/api/admin/projections/" + name + "/replay", admin(ADMIN), ""));
            assertThat(started.get("name").asString()).isEqualTo(name);
            assertThat(started.get("replayStartedAt").isNull()).isFalse();
        }
        for (String name : PROJECTIONS) {
            JsonNode done = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> status(name), status -> !status.get("replayCompletedAt").isNull());
            assertThat(done.get("replaying").asBoolean()).isFalse();
            assertThat(done.get("running").asBoolean()).isTrue();
            assertThat(done.get("position").asLong()).isGreaterThanOrEqualTo(done.get("head").asLong());
            assertThat(done.get("eventsReplayed").asLong()).as(name).isEqualTo(eventsHandledBy(name));
        }

        assertThat(views()).isEqualTo(before);
    }

    @Test
    void onlyAdminsReplayAndOnlyTheConfiguredProjections() {
        String replay = "/api/admin/projections/meeting-view/replay";
        failure(http.post(replay, free("user_someone"), ""), ErrorCode.INSUFFICIENT_PERMISSIONS);
        failure(http.post(replay, auditor("user_auditor"), ""), ErrorCode.INSUFFICIENT_PERMISSIONS);
        failure(http.post(replay, null, ""), ErrorCode.UNAUTHORIZED);
        failure(http.get("/api/admin/projections/meeting-view", auditor("user_auditor")),
                ErrorCode.INSUFFICIENT_PERMISSIONS);
        // The media saga's group is never replayable: a replay must not call GetStream or send commands.
        for (String name : List.of("media-saga", "no-such-view")) {
            JsonNode error = failure(http.post("/api/admin/projections/" + name + "/replay", admin(ADMIN), ""),
                    ErrorCode.VALIDATION_ERROR);
            assertThat(error.get("message").asString()).contains("meeting-view, recording-view");
            failure(http.get("/api/admin/projections/" + name, admin(ADMIN)), ErrorCode.VALIDATION_ERROR);
        }
        JsonNode status = value(http.get("/api/admin/projections/recording-view", admin(ADMIN)));
        assertThat(status.get("running").asBoolean()).isTrue();
        assertThat(status.get("totalSegments").asInt()).isPositive();
    }

    /** The meetings of the scenario; the saga's outcomes are sent as the saga sends them. */
    private List<String> scenario() {
        String freeHost = "user_free_host";
        String paidHost = "user_paid_host";
        String guest = "user_guest";

        String freeEnded = createMeeting(free(freeHost), "Free and ended", 4);
        addParticipant(free(freeHost), freeEnded, guest);
        onMeeting("lifecycle/startMeeting", free(freeHost), freeEnded);
        onMeeting("lifecycle/joinMeeting", free(guest), freeEnded);
        onMeeting("lifecycle/leaveMeeting", free(guest), freeEnded);
        onMeeting("lifecycle/endMeeting", free(freeHost), freeEnded);

        String freeCancelled = createMeeting(free(freeHost), "Free and cancelled", 3);
        run("lifecycle/cancelMeeting", free(freeHost), "{\"meetingId\":\"" + freeCancelled + "\",\"reason\":\"moved\"}");

        String paid = createMeeting(paid(paidHost), "Paid with recordings", 20);
        MeetingId paidId = new MeetingId(paid);
        addParticipant(paid(paidHost), paid, guest);
        onMeeting("lifecycle/startMeeting", paid(paidHost), paid);
        asSaga(new ProvisionVideoRoom(paidId, "default:" + paid));
        asSaga(new InitializeTranscription(paidId, "getstream", "session_" + paid));
        onMeeting("lifecycle/joinMeeting", free(guest), paid);
        RecordingId ready = new RecordingId(startRecording(paid(paidHost), paid));
        asSaga(new ActivateRecording(paidId, ready));
        onMeeting("stream/index/stopRecording", paid(paidHost), paid);
        asSaga(new ConfirmRecordingStopped(paidId, ready));
        asSaga(new MarkRecordingReady(paidId, ready, "https://media.test/ready.mp4", "ready.mp4",
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:10:00Z")));
        RecordingId failed = new RecordingId(startRecording(paid(paidHost), paid));
        asSaga(new FailRecording(paidId, failed, "egress unavailable"));
        RecordingId stoppedAtEnd = new RecordingId(startRecording(paid(paidHost), paid));
        asSaga(new ActivateRecording(paidId, stoppedAtEnd));
        onMeeting("lifecycle/endMeeting", paid(paidHost), paid);
        asSaga(new ConfirmRecordingStopped(paidId, stoppedAtEnd));
        asSaga(new StopTranscription(paidId, "meeting ended"));

        String fallback = createMeeting(paid(paidHost), "Paid, fell back to WebRTC", 8);
        onMeeting("lifecycle/startMeeting", paid(paidHost), fallback);
        asSaga(new FailVideoRoomProvisioning(new MeetingId(fallback), "GetStream unavailable", 5));
        onMeeting("lifecycle/endMeeting", paid(paidHost), fallback);

        String paidCancelled = createMeeting(paid(paidHost), "Paid and cancelled", 50);
        run("lifecycle/cancelMeeting", paid(paidHost), "{\"meetingId\":\"" + paidCancelled + "\",\"reason\":null}");
        return List.of(freeEnded, freeCancelled, paid, fallback, paidCancelled);
    }

    /** Every row of every view table, in a stable order. */
    private Map<String, List<Map<String, Object>>> views() {
        return Map.of(
                "meeting_view", jdbc.sql("SELECT * FROM meeting_view ORDER BY meeting_id").query().listOfRows(),
                "meeting_participant_view", jdbc.sql(
                        "SELECT * FROM meeting_participant_view ORDER BY meeting_id, user_id").query().listOfRows(),
                "recording_view", jdbc.sql("SELECT * FROM recording_view ORDER BY recording_id").query().listOfRows());
    }

    private JsonNode status(String name) {
        return value(http.get("/api/admin/projections/" + name, admin(ADMIN)));
    }

    private void awaitAtHead(String name) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> status(name),
                status -> !status.get("position").isNull() && status.get("position").asLong() >= status.get("head").asLong());
    }

    /** The meeting view handles every meeting event; the recordings view the recording events and MeetingEnded. */
    private long eventsHandledBy(String name) {
        String filter = name.equals("meeting-view") ? "" : " WHERE payload_type LIKE '%.Recording%' OR payload_type LIKE '%.MeetingEnded'";
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry" + filter).query(Long.class).single();
    }
}
