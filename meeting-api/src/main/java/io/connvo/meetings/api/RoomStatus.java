package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The video room: none (WebRTC needs none), pending (GetStream call not provisioned yet: it is provisioned once the meeting starts), provisioned, or fallback (provisioning gave up; the meeting runs on WebRTC). */
public enum RoomStatus {
    @JsonProperty("none") NONE,
    @JsonProperty("pending") PENDING,
    @JsonProperty("provisioned") PROVISIONED,
    @JsonProperty("fallback") FALLBACK;

    /** A new meeting's room: a GetStream meeting's is pending from its creation on. */
    public static RoomStatus atCreation(VideoProvider provider) {
        return provider == VideoProvider.GETSTREAM ? PENDING : NONE;
    }
}
