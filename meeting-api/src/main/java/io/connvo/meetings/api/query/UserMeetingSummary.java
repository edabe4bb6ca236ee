package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;

/** A meeting as listed for one of its participants, with that participant's {@code role}. */
public record UserMeetingSummary(MeetingId meetingId, String title, MeetingState state, UserId hostId,
                                 ParticipantRole role, VideoProvider videoProvider, Instant scheduledAt,
                                 Instant createdAt, Instant startedAt, Instant endedAt) {
}
