package io.connvo.meetings.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A meeting's identifier, {@code meeting_<32 hex>} when generated. It doubles as the GetStream call id,
 * so its shape is limited to what a call id allows.
 */
public record MeetingId(@JsonValue String value) {

    /** GetStream's call type of every meeting's call (whose id is the meeting id). */
    public static final String GETSTREAM_CALL_TYPE = "default";

    @JsonCreator
    public MeetingId {
        Ids.require("meetingId", value, Ids.CALL_SAFE);
    }

    public static MeetingId generate() {
        return new MeetingId(Ids.generate("meeting_"));
    }

    /** The room of a meeting on WebRTC (free, or fallen back from GetStream): its name is the rule, not a lookup. */
    public String webRtcRoomId() {
        return "webrtc_" + value;
    }

    /** The meeting's GetStream call as GetStream names it in user tokens and webhooks: {@code default:<meetingId>}. */
    public String getStreamCallCid() {
        return GETSTREAM_CALL_TYPE + ":" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
