package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The host cancelled a meeting that never started. */
@Revision("1")
public record MeetingCancelled(MeetingId meetingId, UserId cancelledBy, String reason, Instant cancelledAt) {
}
