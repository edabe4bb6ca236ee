package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Composite layout of a recording. */
public enum RecordingLayout {
    @JsonProperty("grid") GRID,
    @JsonProperty("spotlight") SPOTLIGHT,
    @JsonProperty("single-participant") SINGLE_PARTICIPANT
}
