package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The creator's plan, read from their token at creation and kept on the meeting. */
public enum Tier {
    @JsonProperty("free") FREE,
    @JsonProperty("paid") PAID
}
