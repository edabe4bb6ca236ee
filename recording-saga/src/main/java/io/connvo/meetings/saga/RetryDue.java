package io.connvo.meetings.saga;

/** Payload of a media saga retry deadline: which step to try again and which attempt that will be. */
public record RetryDue(String step, int attempt) {
}
