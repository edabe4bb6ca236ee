package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The host's request to record was accepted (product card name); the saga now asks the provider. */
@Revision("1")
public record RecordingStarted(MeetingId meetingId, RecordingId recordingId, UserId startedBy, RecordingConfig config, String roomId, Instant startedAt) implements RecordingEvent {

    @Override
    public RecordingStatus status() {
        return RecordingStatus.STARTING;
    }
}
