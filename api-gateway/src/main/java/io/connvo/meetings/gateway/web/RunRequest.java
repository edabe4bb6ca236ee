package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.error.MeetingException;

/**
 * A route's body, {@code {"args": {...}}}, read by {@link RunRequestConverter} with the strict mapper. The
 * records validate their own shape; a {@link MeetingException} thrown from them names the field relative to
 * the record, and the converter's translation prefixes the JSON path where the record sits.
 */
public interface RunRequest extends StrictBody {

    static <T> T required(String field, T value) {
        if (value == null) {
            throw MeetingException.validation(field, field + " is required");
        }
        return value;
    }

    static MeetingId meetingId(String value) {
        return new MeetingId(value);
    }

    /** A required line of text: present, not blank, at most {@code max} characters, within the {@link Text} policy. */
    static String text(String field, String value, int max) {
        required(field, value);
        if (value.isBlank()) {
            throw MeetingException.validation(field, field + " must not be blank");
        }
        return optionalText(field, value, max);
    }

    /** An optional line of text: at most {@code max} characters, within the {@link Text} policy. */
    static String optionalText(String field, String value, int max) {
        return Text.line(field, maxLength(field, value, max));
    }

    /** Optional text that may span lines (tabs and line breaks allowed), within the {@link Text} policy. */
    static String optionalMultilineText(String field, String value, int max) {
        return Text.multiline(field, maxLength(field, value, max));
    }

    private static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw MeetingException.validation(field, field + " must be at most " + max + " characters");
        }
        return value;
    }
}
