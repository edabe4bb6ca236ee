package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The transcript file is available at {@code url}. */
@Revision("1")
public record TranscriptionReady(MeetingId meetingId, String url, Instant readyAt) {
}
