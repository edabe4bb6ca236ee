package io.connvo.meetings.api.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event of a meeting, as an auditor reads it.
 *
 * @param sequence  its sequence number in the meeting's stream (0 is the creation)
 * @param type      the event's simple name, e.g. {@code MeetingCreated}
 * @param timestamp when it was stored
 * @param payload   the event's fields in their current shape (older revisions are read upcast)
 * @param metadata  who acted and which request it belongs to
 */
public record AuditEvent(long sequence, String type, Instant timestamp,
                         Map<String, Object> payload, AuditMetadata metadata) {

    /**
     * @param actor         the JWT {@code sub} of the user, or {@code system:<component>} (media saga, webhooks)
     * @param correlationId the request every message it led to shares
     * @param causationId   the id of the message (command or event) that directly caused this event
     * @param traceId       the request's W3C trace id (else its request id or correlation id)
     */
    public record AuditMetadata(String actor, String correlationId, String causationId, String traceId) {
    }
}
