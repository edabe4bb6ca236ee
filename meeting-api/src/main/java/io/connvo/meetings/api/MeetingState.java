package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Lifecycle: scheduled, then active (startMeeting), then concluded (endMeeting); or scheduled, then cancelled. */
public enum MeetingState {
    @JsonProperty("scheduled") SCHEDULED,
    @JsonProperty("active") ACTIVE,
    @JsonProperty("concluded") CONCLUDED,
    @JsonProperty("cancelled") CANCELLED
}
