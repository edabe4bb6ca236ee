package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Transcription runs at {@code provider} ({@link #GETSTREAM_PROVIDER} or {@link #LOCAL_PROVIDER}). */
@Revision("1")
public record TranscriptionInitialized(MeetingId meetingId, String provider, String sessionId, Instant initializedAt) {

    /** The provider of a WebRTC meeting's transcription, which runs locally; its meeting opens it as it starts. */
    public static final String LOCAL_PROVIDER = "whisper";

    /** The provider of a GetStream meeting's transcription, which runs at GetStream on the meeting's call. */
    public static final String GETSTREAM_PROVIDER = "getstream";
}
