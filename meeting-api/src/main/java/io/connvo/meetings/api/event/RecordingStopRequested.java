package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The host asked to stop the recording; it no longer counts as in progress. */
@Revision("1")
public record RecordingStopRequested(MeetingId meetingId, RecordingId recordingId, UserId stoppedBy, Instant requestedAt) implements RecordingEvent {

    @Override
    public RecordingStatus status() {
        return RecordingStatus.STOPPING;
    }
}
