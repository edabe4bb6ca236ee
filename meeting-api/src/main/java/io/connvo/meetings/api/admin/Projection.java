package io.connvo.meetings.api.admin;

import java.util.Arrays;
import java.util.Optional;

/**
 * The processing groups an administrator manages, by name: the projections, and the media saga, whose dead letters
 * are managed the same way but which is never replayed (its handlers call GetStream and send commands).
 * <p>
 * An admin message travels under a name that carries its group ({@link #messageName}): only a service running the
 * group subscribes to that name, so the bus (Axon Server, or the process's own) routes the message to where the
 * group runs, and answers "no handler" when it runs nowhere.
 */
public enum Projection {
    MEETING_VIEW("meeting-view", true),
    RECORDING_VIEW("recording-view", true),
    MEDIA_SAGA("media-saga", false);

    private final String group;
    private final boolean replayable;

    Projection(String group, boolean replayable) {
        this.group = group;
        this.replayable = replayable;
    }

    public String group() {
        return group;
    }

    public boolean replayable() {
        return replayable;
    }

    /** The name of an admin message of {@code type} about this group, e.g. {@code ...RetryDeadLetters@media-saga}. */
    public String messageName(Class<?> type) {
        return type.getName() + "@" + group;
    }

    public static Optional<Projection> named(String group) {
        return Arrays.stream(values()).filter(p -> p.group.equals(group)).findFirst();
    }
}
