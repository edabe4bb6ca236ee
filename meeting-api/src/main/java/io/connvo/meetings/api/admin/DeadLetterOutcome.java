package io.connvo.meetings.api.admin;

/**
 * What a retry or eviction did to a meeting's parked events.
 *
 * @param handled   events handled successfully (retry) or dropped (evict)
 * @param remaining events of the meeting still parked: 0 once its sequence is clear
 * @param cause     why the first remaining event failed again, if it did
 */
public record DeadLetterOutcome(String projection, String meetingId, int handled, long remaining, String cause) {
}
