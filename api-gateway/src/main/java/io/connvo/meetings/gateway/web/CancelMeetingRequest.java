package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.command.CancelMeeting;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of cancelMeeting. */
@Schema(requiredProperties = "args")
public record CancelMeetingRequest(Args args) implements RunRequest {

    public CancelMeetingRequest {
        RunRequest.required("args", args);
    }

    @Schema(name = "CancelMeetingArgs", requiredProperties = "meetingId")
    public record Args(String meetingId, @Schema(maxLength = CancelMeeting.REASON_MAX) String reason) {

        public Args {
            RunRequest.meetingId(meetingId);
            RunRequest.optionalText("reason", reason, CancelMeeting.REASON_MAX);
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }
    }
}
