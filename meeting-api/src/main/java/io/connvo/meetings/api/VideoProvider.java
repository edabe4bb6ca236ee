package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a meeting's media flows: peer-to-peer WebRTC (free) or a GetStream call (paid). */
public enum VideoProvider {
    @JsonProperty("webrtc") WEBRTC,
    @JsonProperty("getstream") GETSTREAM
}
