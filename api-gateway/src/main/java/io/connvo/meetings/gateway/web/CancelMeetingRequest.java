package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of cancelMeeting. */
@Schema(requiredProperties = "args")
public record CancelMeetingRequest(Args args) implements RunRequest {

    static final int MAX_REASON = 500;

    public CancelMeetingRequest {
        RunRequest.required("args", args);
    }

    @Schema(name = "CancelMeetingArgs", requiredProperties = "meetingId")
    public record Args(String meetingId, String reason) {

        public Args {
            RunRequest.meetingId(meetingId);
            RunRequest.optionalText("reason", reason, MAX_REASON);
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }
    }
}
