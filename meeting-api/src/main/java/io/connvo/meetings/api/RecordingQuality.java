package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Recording resolution, applied to the call's recording settings. */
public enum RecordingQuality {
    @JsonProperty("360p") P360,
    @JsonProperty("720p") P720,
    @JsonProperty("1080p") P1080
}
