package io.connvo.meetings.api.admin;

import java.util.Arrays;
import java.util.Optional;

/** The projections an administrator manages, by processing group name. */
public enum Projection {
    MEETING_VIEW("meeting-view"),
    RECORDING_VIEW("recording-view");

    private final String group;

    Projection(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public static Optional<Projection> named(String group) {
        return Arrays.stream(values()).filter(p -> p.group.equals(group)).findFirst();
    }
}
