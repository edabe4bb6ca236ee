package io.connvo.meetings.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The audit endpoints through real HTTP with real tokens: the stream, its metadata, pages, state as of, access. */
class AuditEndpointsHttpTest extends AuditApplicationTestBase {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final List<String> EXPECTED_TYPES = List.of("MeetingCreated", "ParticipantAdded",
            "ParticipantAdded", "MeetingStarted", "VideoRoomProvisioned", "RecordingStarted", "RecordingActivated",
            "RecordingStopRequested", "RecordingStopped", "RecordingReady");

    private final String host = "user_audit_host_" + System.nanoTime();
    private final String guest = "user_audit_guest_" + System.nanoTime();
    private String meetingId;
    private String recordingId;

    /** A paid meeting with one recording through its whole life; the saga's part sent as the saga would. */
    @BeforeAll
    void meetingWithARecording() {
        meetingId = createMeeting(paid(host), "Quarterly review", 20, "traceparent", TRACEPARENT);
        addParticipant(paid(host), meetingId, guest);
        onMeeting("lifecycle/startMeeting", paid(host), meetingId);
        MeetingId id = new MeetingId(meetingId);
        asSaga(new ProvisionVideoRoom(id, "default:" + meetingId));
        recordingId = startRecording(paid(host), meetingId);
        asSaga(new ActivateRecording(id, new RecordingId(recordingId)));
        onMeeting("stream/index/stopRecording", paid(host), meetingId);
        asSaga(new ConfirmRecordingStopped(id, new RecordingId(recordingId)));
        asSaga(new MarkRecordingReady(id, new RecordingId(recordingId), "https://media.test/a.mp4", "a.mp4",
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:05:00Z")));
    }

    @Test
    void hostReadsTheWholeStreamInOrderWithWhoDidWhat() {
        JsonNode page = value(http.get(eventsPath(meetingId, ""), paid(host)));
        List<JsonNode> events = list(page.get("events"));

        assertThat(events).extracting(e -> e.get("type").asString()).containsExactlyElementsOf(EXPECTED_TYPES);
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(page.get("lastSequence").asLong()).isEqualTo(9);
        assertThat(page.get("nextFromSequence").isNull()).isTrue();

        JsonNode created = events.get(0);
        assertThat(created.get("payload").get("title").asString()).isEqualTo("Quarterly review");
        assertThat(created.get("payload").get("hostId").asString()).isEqualTo(host);
        assertThat(created.get("payload").get("videoProvider").asString()).isEqualTo("getstream");
        assertThat(Instant.parse(created.get("timestamp").asString())).isBefore(Instant.now());

        // One request (createMeeting): both of its events name the host, share the correlation and trace ids, and
        // were caused by the same command.
        JsonNode createdMeta = created.get("metadata");
        JsonNode hostAdded = events.get(1).get("metadata");
        assertThat(createdMeta.get("actor").asString()).isEqualTo(host);
        assertThat(createdMeta.get("traceId").asString()).isEqualTo(TRACE_ID);
        assertThat(createdMeta.get("correlationId").asString()).isNotBlank();
        assertThat(createdMeta.get("causationId").asString()).isNotBlank()
                .isNotEqualTo(createdMeta.get("correlationId").asString());
        assertThat(hostAdded.get("correlationId").asString()).isEqualTo(createdMeta.get("correlationId").asString());
        assertThat(hostAdded.get("causationId").asString()).isEqualTo(createdMeta.get("causationId").asString());
        assertThat(hostAdded.get("traceId").asString()).isEqualTo(TRACE_ID);

        // The next request is a new correlation; the saga's outcomes name the saga.
        JsonNode guestAdded = events.get(2).get("metadata");
        assertThat(guestAdded.get("actor").asString()).isEqualTo(host);
        assertThat(guestAdded.get("correlationId").asString()).isNotEqualTo(createdMeta.get("correlationId").asString());
        assertThat(events.get(2).get("payload").get("userId").asString()).isEqualTo(guest);
        assertThat(events.get(4).get("metadata").get("actor").asString()).isEqualTo(SAGA_ACTOR);
        assertThat(events.get(5).get("metadata").get("actor").asString()).isEqualTo(host);
        assertThat(events.get(5).get("payload").get("recordingId").asString()).isEqualTo(recordingId);
        assertThat(events.get(6).get("metadata").get("actor").asString()).isEqualTo(SAGA_ACTOR);
        assertThat(events.get(9).get("payload").get("url").asString()).isEqualTo("https://media.test/a.mp4");
    }

    @Test
    void pagesFollowTheNextCursorToTheEnd() {
        List<JsonNode> all = list(value(http.get(eventsPath(meetingId, ""), paid(host))).get("events"));
        List<JsonNode> paged = new ArrayList<>();
        String from = "0";
        int pages = 0;
        while (from != null) {
            JsonNode page = value(http.get(eventsPath(meetingId, "?limit=3&fromSequence=" + from), auditor("user_auditor")));
            assertThat(page.get("events").size()).isLessThanOrEqualTo(3);
            paged.addAll(list(page.get("events")));
            from = page.get("nextFromSequence").isNull() ? null : page.get("nextFromSequence").asString();
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(paged).isEqualTo(all);

        JsonNode beyond = value(http.get(eventsPath(meetingId, "?fromSequence=10"), paid(host)));
        assertThat(beyond.get("events").size()).isZero();
        assertThat(beyond.get("nextFromSequence").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=0", "?limit=501", "?limit=ten", "?fromSequence=-1", "?fromSequence=x1"})
    void badPageParametersAreValidationErrorsNamingTheParameter(String query) {
        JsonNode error = failure(http.get(eventsPath(meetingId, query), paid(host)), ErrorCode.VALIDATION_ERROR);
        assertThat(error.get("metadata").get("field").asString()).isEqualTo(query.substring(1, query.indexOf('=')));
    }

    @Test
    void auditorsAndAdminsReadAnyMeetingOthersAreRefused() {
        for (String path : List.of(eventsPath(meetingId, ""), statePath(meetingId, Instant.now().toString()),
                historyPath(meetingId, recordingId))) {
            value(http.get(path, paid(host)));
            value(http.get(path, auditor("user_some_auditor")));
            value(http.get(path, admin("user_some_admin")));
            failure(http.get(path, free(guest)), ErrorCode.INSUFFICIENT_PERMISSIONS);
            failure(http.get(path, free("user_stranger")), ErrorCode.NOT_FOUND);
            failure(http.get(path, null), ErrorCode.UNAUTHORIZED);
        }
        failure(http.get(eventsPath("meeting_unknown", ""), auditor("user_some_auditor")), ErrorCode.NOT_FOUND);
    }

    @Test
    void stateAsOfAnInstantReplaysTheEventsUpToIt() {
        List<JsonNode> events = list(value(http.get(eventsPath(meetingId, ""), paid(host))).get("events"));
        String started = events.get(3).get("timestamp").asString();
        String recordingActive = events.get(6).get("timestamp").asString();

        JsonNode atStart = value(http.get(statePath(meetingId, started), auditor("user_auditor")));
        assertThat(atStart.get("state").asString()).isEqualTo("active");
        assertThat(atStart.get("version").asLong()).isEqualTo(3);
        assertThat(atStart.get("roomStatus").asString()).isEqualTo("pending");
        assertThat(atStart.get("hostId").asString()).isEqualTo(host);
        assertThat(list(atStart.get("participants"))).extracting(p -> p.get("userId").asString())
                .containsExactly(host, guest);
        assertThat(atStart.get("recordings").size()).isZero();

        JsonNode whileRecording = value(http.get(statePath(meetingId, recordingActive), paid(host)));
        assertThat(whileRecording.get("roomId").asString()).isEqualTo("default:" + meetingId);
        assertThat(whileRecording.get("recordings").get(0).get("status").asString()).isEqualTo("active");

        JsonNode now = value(http.get(statePath(meetingId, Instant.now().toString()), paid(host)));
        assertThat(now.get("version").asLong()).isEqualTo(9);
        assertThat(now.get("recordings").get(0).get("status").asString()).isEqualTo("ready");

        String beforeCreation = Instant.parse(events.get(0).get("timestamp").asString()).minusMillis(1).toString();
        failure(http.get(statePath(meetingId, beforeCreation), paid(host)), ErrorCode.NOT_FOUND);
        JsonNode bad = failure(http.get(statePath(meetingId, "yesterday"), paid(host)), ErrorCode.VALIDATION_ERROR);
        assertThat(bad.get("metadata").get("field").asString()).isEqualTo("at");
        failure(http.get("/api/audit/meetings/" + meetingId + "/state", paid(host)), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void recordingHistoryHasEveryEventThatTouchedIt() {
        JsonNode history = value(http.get(historyPath(meetingId, recordingId), paid(host)));

        assertThat(history.get("status").asString()).isEqualTo("ready");
        assertThat(list(history.get("events"))).extracting(e -> e.get("type").asString()).containsExactly(
                "RecordingStarted", "RecordingActivated", "RecordingStopRequested", "RecordingStopped", "RecordingReady");
        assertThat(list(history.get("events"))).extracting(e -> e.get("metadata").get("actor").asString())
                .containsExactly(host, SAGA_ACTOR, host, SAGA_ACTOR, SAGA_ACTOR);
        failure(http.get(historyPath(meetingId, "recording_unknown"), paid(host)), ErrorCode.NOT_FOUND);
        failure(http.get(historyPath(meetingId, "not-a-recording"), paid(host)), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void everyAuditAndAdminRouteIsInTheOpenApiDocument() {
        JsonNode paths = AuditApplicationTestBase.value200(http.get("/v3/api-docs", null)).get("paths");
        assertThat(paths.has("/api/audit/meetings/{id}/events")).isTrue();
        assertThat(paths.has("/api/audit/meetings/{id}/state")).isTrue();
        assertThat(paths.has("/api/audit/meetings/{id}/recordings/{recordingId}/history")).isTrue();
        assertThat(paths.get("/api/admin/projections/{name}/replay").has("post")).isTrue();
        assertThat(paths.get("/api/admin/projections/{name}").has("get")).isTrue();
        assertThat(paths.get("/api/audit/meetings/{id}/events").get("get").get("parameters").toString())
                .contains("fromSequence", "limit");
    }

    static String eventsPath(String meetingId, String query) {
        return "/api/audit/meetings/" + meetingId + "/events" + query;
    }

    static String statePath(String meetingId, String at) {
        return "/api/audit/meetings/" + meetingId + "/state?at=" + at;
    }

    static String historyPath(String meetingId, String recordingId) {
        return "/api/audit/meetings/" + meetingId + "/recordings/" + recordingId + "/history";
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
