package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Provisioning gave up after {@code attempts}; the meeting now runs on {@code fallbackProvider} with the lower cap. */
@Revision("1")
public record VideoRoomProvisioningFailed(MeetingId meetingId, String reason, int attempts, VideoProvider fallbackProvider, String fallbackRoomId, int maxParticipants, Instant failedAt) {
}
