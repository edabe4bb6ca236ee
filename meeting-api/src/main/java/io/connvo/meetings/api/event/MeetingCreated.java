package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A meeting was created with its tier, provider and participant cap fixed by the provider rule; {@code maxDuration}
 * is its own limit once started, null for the configured one (also absent from events stored before it existed).
 */
@Revision("1")
public record MeetingCreated(MeetingId meetingId, UserId hostId, String title, String description, Instant scheduledAt, Tier tier, VideoProvider videoProvider, int maxParticipants, boolean recordingEnabled, Instant createdAt, Duration maxDuration) {
}
