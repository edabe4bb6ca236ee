package io.connvo.meetings.api.admin;

/** The events of a projection parked in its dead-letter queue, oldest meeting first, at most {@code limit}. */
public record ListDeadLetters(Projection projection, int limit) implements AdminMessage {
}
