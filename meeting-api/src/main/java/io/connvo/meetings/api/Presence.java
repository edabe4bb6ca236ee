package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a participant is in the call: invited (added, never joined), joined, or left. */
public enum Presence {
    @JsonProperty("invited") INVITED,
    @JsonProperty("joined") JOINED,
    @JsonProperty("left") LEFT
}
