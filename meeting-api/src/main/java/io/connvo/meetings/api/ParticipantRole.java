package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A participant's role in one meeting; the host is the creator. */
public enum ParticipantRole {
    @JsonProperty("host") HOST,
    @JsonProperty("participant") PARTICIPANT
}
