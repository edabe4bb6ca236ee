package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The video room: none (WebRTC needs none), pending (GetStream call being provisioned), provisioned, or fallback (provisioning gave up; the meeting runs on WebRTC). */
public enum RoomStatus {
    @JsonProperty("none") NONE,
    @JsonProperty("pending") PENDING,
    @JsonProperty("provisioned") PROVISIONED,
    @JsonProperty("fallback") FALLBACK
}
