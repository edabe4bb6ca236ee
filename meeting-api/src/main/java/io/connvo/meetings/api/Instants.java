package io.connvo.meetings.api;

import io.connvo.meetings.api.error.MeetingException;
import java.time.Instant;

/**
 * The instants a value from outside may name (a meeting's schedule, a time GetStream reports): 1970 to the end of
 * 9999. Every store keeps those (PostgreSQL's timestamps end in 294276, and ISO-8601 text sorts as time only with
 * four-digit years), and nothing a meeting or a recording can be about lies outside.
 */
public final class Instants {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Instants() {
    }

    /** {@code value} if it lies within the range, else a VALIDATION_ERROR naming {@code field}; null passes. */
    public static Instant within(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw MeetingException.validation(field, field + " must be between " + EARLIEST + " and " + LATEST);
        }
        return value;
    }
}
