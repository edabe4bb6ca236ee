package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code userId}'s role in the meeting is now {@code role}; a {@code host} other than the creator is a co-host. */
@Revision("1")
public record ParticipantRoleUpdated(MeetingId meetingId, UserId userId, ParticipantRole role, UserId updatedBy,
                                     Instant updatedAt) {
}
