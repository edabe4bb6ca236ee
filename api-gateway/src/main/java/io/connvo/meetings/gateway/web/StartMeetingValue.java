package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.connvo.meetings.api.VideoProvider;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The value of startMeeting, in the seed's shape. */
@Schema(requiredProperties = {"success", "videoProvider", "webrtcReady"})
public record StartMeetingValue(
        boolean success,
        boolean webrtcReady,
        VideoProvider videoProvider,
        @JsonInclude(JsonInclude.Include.NON_NULL) RoomInfo roomInfo) {

    /** {@code roomId} is {@code webrtc_<meetingId>} or the GetStream call id once known; ICE servers for WebRTC only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomInfo(String roomId, List<IceServer> iceServers) {
    }

    @Schema(requiredProperties = "urls")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IceServer(String urls, String username, String credential) {
    }
}
