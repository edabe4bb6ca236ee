package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of addParticipant and removeParticipant: the meeting and the user (a WorkOS user id) a host acts on. */
@Schema(requiredProperties = "args")
public record AddParticipantRequest(Args args) implements RunRequest {

    public AddParticipantRequest {
        RunRequest.required("args", args);
    }

    @Schema(name = "ParticipantArgs", requiredProperties = {"meetingId", "userId"})
    public record Args(String meetingId, String userId) {

        public Args {
            RunRequest.meetingId(meetingId);
            new UserId(userId); // validates presence and shape
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }

        public UserId user() {
            return new UserId(userId);
        }
    }
}
