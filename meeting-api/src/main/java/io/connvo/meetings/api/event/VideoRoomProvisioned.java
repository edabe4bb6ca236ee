package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** GetStream has the meeting's call; {@code roomId} is its cid. */
@Revision("1")
public record VideoRoomProvisioned(MeetingId meetingId, String roomId, Instant provisionedAt) {
}
