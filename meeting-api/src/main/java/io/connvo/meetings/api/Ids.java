package io.connvo.meetings.api;

import io.connvo.meetings.api.error.MeetingException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Shape checks and generation shared by the identifier records. */
final class Ids {

    /** GetStream call ids allow letters, digits, '_' and '-', at most 64 characters. */
    static final Pattern CALL_SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String require(String field, String value, Pattern shape) {
        if (value == null || value.isEmpty()) {
            throw MeetingException.validation(field, field + " is required");
        }
        if (!shape.matcher(value).matches()) {
            throw MeetingException.validation(field, field + " has an invalid format");
        }
        return value;
    }

    /** A prefix and 128 random bits in hex: unique system-wide without coordination. */
    static String generate(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
