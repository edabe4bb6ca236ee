package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A recording's identifier: {@code recording_} and a system-wide unique suffix. */
public record RecordingId(@JsonValue String value) {

    private static final Pattern SHAPE = Pattern.compile("recording_[A-Za-z0-9_-]{1,54}");

    @JsonCreator
    public RecordingId {
        Ids.require("recordingId", value, SHAPE);
    }

    public static RecordingId generate() {
        return new RecordingId(Ids.generate("recording_"));
    }

    @Override
    public String toString() {
        return value;
    }
}
