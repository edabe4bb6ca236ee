package io.connvo.meetings.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.event.MeetingCreated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The upcast path through the real JDBC event store: a MeetingCreated stored in a made-up old revision "0" (cap
 * named {@code participantCap}, no {@code recordingEnabled}) is read in the current shape by the aggregate's
 * stream, the audit endpoints and the live projection alike.
 */
class UpcasterHttpTest extends AuditApplicationTestBase {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventStore eventStore;

    @Test
    void revisionZeroOfMeetingCreatedIsReadInTheCurrentShape() {
        String meetingId = "meeting_legacy" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Instant createdAt = Instant.parse("2025-06-01T09:00:00Z");
        storeRevisionZero(meetingId, """
                {"meetingId":"%s","hostId":"user_legacy_host","title":"From the old days","description":null,
                 "scheduledAt":null,"tier":"paid","videoProvider":"getstream","participantCap":25,
                 "createdAt":"2025-06-01T09:00:00Z"}""".formatted(meetingId), createdAt);

        DomainEventMessage<?> read = eventStore.readEvents(meetingId, 0).next();
        assertThat(read.getPayload()).isInstanceOf(MeetingCreated.class);
        MeetingCreated created = (MeetingCreated) read.getPayload();
        assertThat(created.maxParticipants()).isEqualTo(25);
        assertThat(created.recordingEnabled()).isTrue();
        assertThat(created.title()).isEqualTo("From the old days");

        JsonNode event = value(http.get(AuditEndpointsHttpTest.eventsPath(meetingId, ""), auditor("user_auditor")))
                .get("events").get(0);
        assertThat(event.get("type").asString()).isEqualTo("MeetingCreated");
        assertThat(event.get("payload").get("maxParticipants").asInt()).isEqualTo(25);
        assertThat(event.get("payload").get("recordingEnabled").asBoolean()).isTrue();
        assertThat(event.get("payload").has("participantCap")).isFalse();
        assertThat(event.get("metadata").get("actor").asString()).isEqualTo("user_legacy_host");

        JsonNode state = value(http.get(AuditEndpointsHttpTest.statePath(meetingId, createdAt.toString()),
                auditor("user_auditor")));
        assertThat(state.get("maxParticipants").asInt()).isEqualTo(25);
        assertThat(state.get("recordingEnabled").asBoolean()).isTrue();
        assertThat(state.get("state").asString()).isEqualTo("scheduled");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc
                .sql("SELECT max_participants FROM meeting_view WHERE meeting_id = :id").param("id", meetingId)
                .query(Integer.class).optional().orElse(-1) == 25);
    }

    /** The row an older node would have written. */
    private void storeRevisionZero(String meetingId, String payload, Instant timestamp) {
        jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload_revision, payload, meta_data)
                        VALUES (:id, :aggregate, 0, 'Meeting', :timestamp, :payloadType, '0', :payload, :metaData)""")
                .param("id", UUID.randomUUID().toString())
                .param("aggregate", meetingId)
                .param("timestamp", timestamp.toString())
                .param("payloadType", MeetingCreatedRevision0Upcaster.REVISION_0.getName())
                .param("payload", payload.getBytes(StandardCharsets.UTF_8))
                .param("metaData", "{\"actor\":\"user_legacy_host\"}".getBytes(StandardCharsets.UTF_8))
                .update();
    }
}
