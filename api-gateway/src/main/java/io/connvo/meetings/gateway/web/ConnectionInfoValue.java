package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.connvo.meetings.api.VideoProvider;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a participant needs to connect to a meeting's media now: for WebRTC the room and ICE servers with fresh
 * TURN credentials; for GetStream the call and a user token.
 *
 * @param roomId {@code webrtc_<meetingId>} for WebRTC, the GetStream call id (the meeting id) otherwise
 */
@Schema(requiredProperties = {"videoProvider", "roomId"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionInfoValue(
        VideoProvider videoProvider,
        String roomId,
        List<StartMeetingValue.IceServer> iceServers,
        ParticipantTokenValue stream) {
}
