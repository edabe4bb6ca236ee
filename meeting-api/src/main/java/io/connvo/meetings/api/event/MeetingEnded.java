package io.connvo.meetings.api.event;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The host concluded the meeting. Records what was still running so the saga can stop it: the recording in progress (or null) and whether transcription was active. */
@Revision("1")
public record MeetingEnded(MeetingId meetingId, UserId endedBy, VideoProvider videoProvider, RecordingId recordingInProgress, boolean transcriptionActive, Instant endedAt) {

    /**
     * The status of {@code recordingInProgress} once this happened: ending the meeting asks it to stop, the saga stops
     * it at the provider, and the provider's confirmation stops it. The one rule the aggregate and the views read.
     */
    public RecordingStatus recordingInProgressStatus() {
        return RecordingStatus.STOPPING;
    }
}
