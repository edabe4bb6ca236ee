package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The provider is recording. */
@Revision("1")
public record RecordingActivated(MeetingId meetingId, RecordingId recordingId, Instant activatedAt) {
}
