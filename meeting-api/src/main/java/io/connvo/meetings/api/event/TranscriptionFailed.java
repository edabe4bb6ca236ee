package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Transcription could not start or broke off. */
@Revision("1")
public record TranscriptionFailed(MeetingId meetingId, String reason, Instant failedAt) {
}
