package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The guards with short limits, through the running application: persistent deadlines fire, the meeting ends or
 * is cancelled by itself, and the audit trail names the guard. A failsafe test: its second application context,
 * alive next to the shared one in the same JVM, disturbed the sandbox fault scenarios of the other tests.
 */
@TestPropertySource(properties = {
        "connvo.guards.empty-room-timeout=2s",
        "connvo.guards.no-show-grace=2s",
        "connvo.guards.max-meeting-duration=1h"})
class GuardsEndToEndIT extends StandaloneHttpTest {

    /** Its own store: sharing the other tests' data directory would make this context a second node of theirs. */
    @DynamicPropertySource
    static void ownDataDir(DynamicPropertyRegistry registry) {
        registry.add("connvo.data-dir", () -> DATA_DIR.resolveSibling(DATA_DIR.getFileName() + "-guards").toString());
    }

    @Test
    void aStartedMeetingNobodyEntersEndsByItselfAndTheAuditNamesTheGuard() {
        String host = token(user("host"), null);
        String meetingId = createMeeting(host, false);
        ok("lifecycle/startMeeting", Map.of("meetingId", meetingId), host);

        JsonNode ended = awaitMeeting(meetingId, host, m -> m.path("state").asString().equals("concluded"));

        assertThat(ended.path("endedAt").asString()).isNotBlank();
        JsonNode event = auditEvent(meetingId, host, "MeetingEnded");
        assertThat(event.path("metadata").path("actor").asString()).isEqualTo("system:meeting-guard");
        assertThat(event.path("payload").path("endedBy").asString()).isEqualTo("system:meeting-guard");
        // the meeting is over: its one-hour maximum-duration guard is cancelled, not left to fire as a no-op
        assertThat(PendingDeadlines.named("guard-max-meeting-duration",
                jdbc.sql("SELECT task_data FROM scheduled_tasks").query(byte[].class).list())).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_guard_schedule WHERE meeting_id = ?").param(meetingId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aMeetingNeverStartedIsCancelledAsANoShow() {
        String host = token(user("host"), null);
        String meetingId = createMeeting(host, false);

        JsonNode cancelled = awaitMeeting(meetingId, host, m -> m.path("state").asString().equals("cancelled"));

        assertThat(cancelled.path("cancelledAt").asString()).isNotBlank();
        assertThat(auditEvent(meetingId, host, "MeetingCancelled").path("metadata").path("actor").asString())
                .isEqualTo("system:meeting-guard");
    }

    private JsonNode auditEvent(String meetingId, String token, String type) {
        List<JsonNode> found = new ArrayList<>();
        get("/api/audit/meetings/" + meetingId + "/events", token).value().path("events").forEach(e -> {
            if (e.path("type").asString().endsWith(type)) {
                found.add(e);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
