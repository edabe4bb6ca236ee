package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A meeting was created with its tier, provider and participant cap fixed by the provider rule. */
@Revision("1")
public record MeetingCreated(MeetingId meetingId, UserId hostId, String title, String description, Instant scheduledAt, Tier tier, VideoProvider videoProvider, int maxParticipants, boolean recordingEnabled, Instant createdAt) {
}
