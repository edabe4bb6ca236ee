package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The recording could not start or broke off; {@code reason} says why. */
@Revision("1")
public record RecordingFailed(MeetingId meetingId, RecordingId recordingId, String reason, Instant failedAt) implements RecordingEvent {

    @Override
    public RecordingStatus status() {
        return RecordingStatus.FAILED;
    }
}
