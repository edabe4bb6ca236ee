package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The provider confirmed the recording stopped. */
@Revision("1")
public record RecordingStopped(MeetingId meetingId, RecordingId recordingId, Instant stoppedAt) implements RecordingEvent {

    @Override
    public RecordingStatus status() {
        return RecordingStatus.STOPPED;
    }
}
