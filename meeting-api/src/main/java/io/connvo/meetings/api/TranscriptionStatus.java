package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transcription: none (not started), active, stopped, ready (transcript available), failed. */
public enum TranscriptionStatus {
    @JsonProperty("none") NONE,
    @JsonProperty("active") ACTIVE,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("ready") READY,
    @JsonProperty("failed") FAILED
}
