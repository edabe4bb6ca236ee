package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether recording is requested; {@code disabled} is rejected by startRecording. */
public enum RecordingMode {
    @JsonProperty("available") AVAILABLE,
    @JsonProperty("disabled") DISABLED
}
