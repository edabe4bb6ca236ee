package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code userId} is no longer a participant (it left first if it was present). */
@Revision("1")
public record ParticipantRemoved(MeetingId meetingId, UserId userId, UserId removedBy, Instant removedAt) {
}
