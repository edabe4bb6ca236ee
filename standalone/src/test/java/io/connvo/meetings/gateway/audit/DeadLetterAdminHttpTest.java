package io.connvo.meetings.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.ParticipantAdded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The dead-letter admin routes through real HTTP with real tokens: a poison event appended straight to the event
 * store (the view table refuses its title), listed for an admin only, retried in vain, then retried once the
 * cause is gone, after which the meeting reads through the normal route.
 */
class DeadLetterAdminHttpTest extends AuditApplicationTestBase {

    private static final String ADMIN = "user_dead_letter_admin";
    private static final String HOST = "user_dead_letter_host";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventStore events;

    @Test
    void adminsListRetryAndEvictDeadLettersOthersGetTheEnvelopeError() {
        String title = "poison " + UUID.randomUUID();
        String constraint = "refuse_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("ALTER TABLE meeting_view ADD CONSTRAINT " + constraint + " CHECK (title <> '" + title + "')").update();
        String poisoned = "meeting_" + UUID.randomUUID();
        append(poisoned, 0, new MeetingCreated(new MeetingId(poisoned), new UserId(HOST), title, null, null,
                Tier.FREE, VideoProvider.WEBRTC, 4, false, Instant.now(), null));
        append(poisoned, 1, new ParticipantAdded(new MeetingId(poisoned), new UserId(HOST), ParticipantRole.HOST,
                new UserId(HOST), Instant.now()));
        String letters = "/api/admin/projections/meeting-view/dead-letters";

        JsonNode listed = await().atMost(Duration.ofSeconds(10)).until(() -> value(http.get(letters, admin(ADMIN))),
                list -> list.get("letters").asLong() >= 2);
        JsonNode first = listed.get("shown").get(0);
        assertThat(first.get("meetingId").asString()).isEqualTo(poisoned);
        assertThat(first.get("eventType").asString()).isEqualTo(MeetingCreated.class.getName());
        assertThat(first.get("parked").asBoolean()).isTrue();
        assertThat(first.get("causeMessage").asString()).containsIgnoringCase(constraint);
        // Meanwhile every other meeting goes on, through the gateway's read-your-writes.
        String other = createMeeting(free(HOST), "Unaffected", 4);
        assertThat(onMeeting("queries/getMeeting", free(HOST), other).get("title").asString()).isEqualTo("Unaffected");

        String retry = letters + "/" + poisoned + "/retry";
        String evict = letters + "/" + poisoned + "/evict";
        for (String token : List.of(free("user_someone"), auditor("user_auditor"), free(HOST))) {
            failure(http.get(letters, token), ErrorCode.INSUFFICIENT_PERMISSIONS);
            failure(http.post(retry, token, ""), ErrorCode.INSUFFICIENT_PERMISSIONS);
            failure(http.post(evict, token, ""), ErrorCode.INSUFFICIENT_PERMISSIONS);
        }
        failure(http.get(letters, null), ErrorCode.UNAUTHORIZED);
        failure(http.post(retry, null, ""), ErrorCode.UNAUTHORIZED);
        failure(http.get("/api/admin/projections/no-such-view/dead-letters", admin(ADMIN)), ErrorCode.VALIDATION_ERROR);
        // The media saga's letters are managed alike, where the saga runs: not in this application.
        failure(http.get("/api/admin/projections/media-saga/dead-letters", admin(ADMIN)), ErrorCode.NOT_FOUND);
        for (String limit : List.of("0", "501", "x", "1e3")) {
            JsonNode error = failure(http.get(letters + "?limit=" + limit, admin(ADMIN)), ErrorCode.VALIDATION_ERROR);
            assertThat(error.get("metadata").get("field").asString()).isEqualTo("limit");
        }
        JsonNode badAction = failure(http.post(letters + "/" + poisoned + "/purge", admin(ADMIN), ""),
                ErrorCode.VALIDATION_ERROR);
        assertThat(badAction.get("metadata").get("field").asString()).isEqualTo("action");
        // a path segment that is no meeting id is refused as one, not looked up and echoed back
        for (String notAnId : List.of("m".repeat(65), "meeting%20x", "%E2%80%AEmeeting")) {
            JsonNode badId = failure(http.post(letters + "/" + notAnId + "/retry", admin(ADMIN), ""),
                    ErrorCode.VALIDATION_ERROR);
            assertThat(badId.get("metadata").get("field").asString()).isEqualTo("meetingId");
        }
        failure(http.post(letters + "/meeting_without_letters/retry", admin(ADMIN), ""), ErrorCode.NOT_FOUND);
        failure(http.post(letters + "/meeting_without_letters/evict", admin(ADMIN), ""), ErrorCode.NOT_FOUND);
        assertThat(value(http.get(letters, admin(ADMIN))).get("letters").asLong()).isEqualTo(2);

        JsonNode again = value(http.post(retry, admin(ADMIN), ""));
        assertThat(again.get("remaining").asLong()).isEqualTo(2);
        assertThat(again.get("cause").asString()).containsIgnoringCase(constraint);
        failure(http.post("/api/run/meetings/queries/getMeeting", free(HOST),
                "{\"args\":{\"meetingId\":\"" + poisoned + "\"}}"), ErrorCode.NOT_FOUND);

        jdbc.sql("ALTER TABLE meeting_view DROP CONSTRAINT " + constraint).update();
        JsonNode done = value(http.post(retry, admin(ADMIN), ""));
        assertThat(done.get("handled").asInt()).isEqualTo(2);
        assertThat(done.get("remaining").asLong()).isZero();
        assertThat(onMeeting("queries/getMeeting", free(HOST), poisoned).get("title").asString()).isEqualTo(title);
        assertThat(value(http.get(letters, admin(ADMIN))).get("shown")).noneMatch(
                letter -> letter.get("meetingId").asString().equals(poisoned));
    }

    private void append(String meetingId, long sequence, Object payload) {
        events.publish(new GenericDomainEventMessage<>("Meeting", meetingId, sequence, payload));
    }
}
