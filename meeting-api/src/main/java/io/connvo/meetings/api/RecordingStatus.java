package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A recording's life: starting (accepted), active (provider records), stopping (stop requested), stopped (provider confirmed), ready (file available), failed. */
public enum RecordingStatus {
    @JsonProperty("starting") STARTING,
    @JsonProperty("active") ACTIVE,
    @JsonProperty("stopping") STOPPING,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("ready") READY,
    @JsonProperty("failed") FAILED
}
