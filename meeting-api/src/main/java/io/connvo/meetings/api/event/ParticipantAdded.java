package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code userId} became a participant; the host is added this way at creation. */
@Revision("1")
public record ParticipantAdded(MeetingId meetingId, UserId userId, ParticipantRole role, UserId addedBy, Instant addedAt) {
}
