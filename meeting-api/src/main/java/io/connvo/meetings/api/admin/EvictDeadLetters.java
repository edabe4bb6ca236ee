package io.connvo.meetings.api.admin;

/**
 * Drop a meeting's parked events from a projection for good (a replay brings them back, to fail again or not);
 * the meeting's later events are projected again at once. Answers {@link DeadLetterOutcome}.
 */
public record EvictDeadLetters(Projection projection, String meetingId) implements AdminMessage {
}
