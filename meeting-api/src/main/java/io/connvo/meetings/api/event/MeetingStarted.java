package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The host started the meeting (product card name). Carries what the media saga needs to set up the call. */
@Revision("1")
public record MeetingStarted(MeetingId meetingId, UserId startedBy, UserId hostId, String title, Tier tier, VideoProvider videoProvider, int maxParticipants, List<UserId> participants, Instant startedAt) {
}
