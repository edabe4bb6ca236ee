package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A participant left the call. */
@Revision("1")
public record ParticipantLeft(MeetingId meetingId, UserId userId, Instant leftAt) {
}
