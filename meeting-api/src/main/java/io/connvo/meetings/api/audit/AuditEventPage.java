package io.connvo.meetings.api.audit;

import java.util.List;

/**
 * A page of a meeting's event stream, in sequence order.
 *
 * @param nextFromSequence the {@code fromSequence} of the next page; null when this page reaches the end
 * @param lastSequence     the sequence number of the meeting's latest event
 */
public record AuditEventPage(String meetingId, long fromSequence, int limit, List<AuditEvent> events,
                             Long nextFromSequence, long lastSequence) {
}
