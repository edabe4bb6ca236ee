package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Who acts: a WorkOS user id (the JWT {@code sub}), or {@code system:<component>} for the saga and the
 * webhook receiver.
 */
public record UserId(@JsonValue String value) {

    private static final Pattern SHAPE = Pattern.compile("[\\p{Graph}]{1,255}");

    @JsonCreator
    public UserId {
        Ids.require("userId", value, SHAPE);
    }

    public static UserId system(String component) {
        return new UserId("system:" + component);
    }

    public boolean isSystem() {
        return value.startsWith("system:");
    }

    @Override
    public String toString() {
        return value;
    }
}
