package io.connvo.meetings.api.admin;

/**
 * Handle a meeting's parked events again, in order, now; the meeting's later events follow once they all succeed.
 * Answers {@link DeadLetterOutcome}.
 */
public record RetryDeadLetters(Projection projection, String meetingId) implements AdminMessage {
}
