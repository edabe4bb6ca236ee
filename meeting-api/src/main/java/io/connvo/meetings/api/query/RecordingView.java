package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import java.time.Instant;

/**
 * The read model of one recording.
 *
 * @param recordingStartedAt start of the recorded media, as the provider reports it with the file
 * @param version            sequence number of the meeting event that last changed this recording
 */
public record RecordingView(
        RecordingId recordingId,
        MeetingId meetingId,
        RecordingStatus status,
        RecordingConfig config,
        UserId startedBy,
        String url,
        String filename,
        String failureReason,
        Instant startedAt,
        Instant activatedAt,
        Instant stopRequestedAt,
        Instant stoppedAt,
        Instant recordingStartedAt,
        Instant recordingEndedAt,
        long version) {
}
