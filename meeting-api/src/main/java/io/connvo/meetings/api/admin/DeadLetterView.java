package io.connvo.meetings.api.admin;

import java.time.Instant;

/**
 * One parked event.
 *
 * @param meetingId      the sequence it waits in
 * @param eventId        the event's identifier
 * @param eventType      the event's payload type
 * @param sequenceNumber the event's sequence number within the meeting
 * @param occurredAt     when the event was stored
 * @param enqueuedAt     when it was parked
 * @param lastTouched    when it was last tried
 * @param attempts       failed attempts (0: it only waits behind an earlier event of its meeting)
 * @param parked         whether automatic retries have given up on it: only an administrator moves it now
 * @param causeType      the exception of the last failure
 * @param causeMessage   its message
 */
public record DeadLetterView(String meetingId, String eventId, String eventType, Long sequenceNumber,
                             Instant occurredAt, Instant enqueuedAt, Instant lastTouched, int attempts,
                             boolean parked, String causeType, String causeMessage) {
}
