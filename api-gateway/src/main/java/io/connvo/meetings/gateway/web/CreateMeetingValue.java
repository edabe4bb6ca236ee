package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.query.MeetingView;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The value of createMeeting: the new id and what the provider rule decided. Only {@code meetingId} is
 * certain; the rest is absent in the rare case that the meeting view did not catch up within the bound.
 */
@Schema(requiredProperties = "meetingId")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateMeetingValue(
        String meetingId,
        String title,
        MeetingState state,
        Tier tier,
        VideoProvider videoProvider,
        Boolean webrtcReady,
        Integer maxParticipants,
        Boolean recordingEnabled,
        Long version) {

    static CreateMeetingValue of(String meetingId, MeetingView view) {
        if (view == null) {
            return new CreateMeetingValue(meetingId, null, null, null, null, null, null, null, null);
        }
        return new CreateMeetingValue(meetingId, view.title(), view.state(), view.tier(), view.videoProvider(),
                view.webrtcReady(), view.maxParticipants(), view.recordingEnabled(), view.version());
    }
}
