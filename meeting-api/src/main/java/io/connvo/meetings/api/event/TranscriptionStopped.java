package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Transcription stopped. */
@Revision("1")
public record TranscriptionStopped(MeetingId meetingId, String reason, Instant stoppedAt) {

    /** The reason of a transcription stopped because its meeting ended. */
    public static final String MEETING_ENDED = "Meeting ended";
}
