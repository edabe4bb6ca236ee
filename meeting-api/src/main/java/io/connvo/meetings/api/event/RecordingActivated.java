package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The provider is recording. */
@Revision("1")
public record RecordingActivated(MeetingId meetingId, RecordingId recordingId, Instant activatedAt) implements RecordingEvent {

    @Override
    public RecordingStatus status() {
        return RecordingStatus.ACTIVE;
    }
}
