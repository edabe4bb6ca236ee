package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The recording file is available. */
@Revision("1")
public record RecordingReady(MeetingId meetingId, RecordingId recordingId, String url, String filename, Instant recordingStartedAt, Instant recordingEndedAt, Instant readyAt) implements RecordingEvent {

    @Override
    public RecordingStatus status() {
        return RecordingStatus.READY;
    }
}
