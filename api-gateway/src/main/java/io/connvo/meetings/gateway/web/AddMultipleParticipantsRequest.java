package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.MeetingException;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/** The body of addMultipleParticipants: up to {@value #MAX_USERS} WorkOS user ids, added all or none. */
@Schema(requiredProperties = "args")
public record AddMultipleParticipantsRequest(Args args) implements RunRequest {

    /** The largest GetStream cap; the meeting's own cap may be smaller. */
    static final int MAX_USERS = 100;

    public AddMultipleParticipantsRequest {
        RunRequest.required("args", args);
    }

    @Schema(name = "AddMultipleParticipantsArgs", requiredProperties = {"meetingId", "userIds"})
    public record Args(String meetingId,
                       @ArraySchema(minItems = 1, maxItems = MAX_USERS) List<String> userIds) {

        public Args {
            RunRequest.meetingId(meetingId);
            RunRequest.required("userIds", userIds);
            if (userIds.isEmpty() || userIds.size() > MAX_USERS) {
                throw MeetingException.validation("userIds", "userIds must name 1 to " + MAX_USERS + " users");
            }
            for (int i = 0; i < userIds.size(); i++) {
                try {
                    new UserId(userIds.get(i));
                } catch (MeetingException e) {
                    throw MeetingException.validation("userIds[" + i + "]", e.getMessage());
                }
            }
        }

        public MeetingId id() {
            return new MeetingId(meetingId);
        }

        public List<UserId> users() {
            List<UserId> users = new ArrayList<>();
            userIds.forEach(id -> users.add(new UserId(id)));
            return users;
        }
    }
}
