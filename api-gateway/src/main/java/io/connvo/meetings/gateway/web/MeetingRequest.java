package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"args": {"meetingId": ...}}}: the body of every route that names only a meeting. */
@Schema(requiredProperties = "args")
public record MeetingRequest(Args args) implements RunRequest {

    public MeetingRequest {
        RunRequest.required("args", args);
    }

    @Schema(name = "MeetingArgs", requiredProperties = "meetingId")
    public record Args(@Schema(description = "ID from table \"meetings\"") String meetingId) {

        public Args {
            RunRequest.meetingId(meetingId);
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }
    }
}
