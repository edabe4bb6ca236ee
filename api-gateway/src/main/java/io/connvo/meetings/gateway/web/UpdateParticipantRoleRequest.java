package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.UserId;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of updateParticipantRole: {@code host} makes a co-host, {@code participant} takes it back. */
@Schema(requiredProperties = "args")
public record UpdateParticipantRoleRequest(Args args) implements RunRequest {

    public UpdateParticipantRoleRequest {
        RunRequest.required("args", args);
    }

    @Schema(name = "UpdateParticipantRoleArgs", requiredProperties = {"meetingId", "userId", "role"})
    public record Args(String meetingId, String userId, ParticipantRole role) {

        public Args {
            RunRequest.meetingId(meetingId);
            new UserId(userId); // validates presence and shape
            RunRequest.required("role", role);
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }

        public UserId user() {
            return new UserId(userId);
        }
    }
}
