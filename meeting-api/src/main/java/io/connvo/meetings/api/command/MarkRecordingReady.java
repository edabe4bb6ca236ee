package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from a webhook: the recording file is available. A null {@code recordingId} means the oldest stopped recording without a file. */
public record MarkRecordingReady(@TargetAggregateIdentifier MeetingId meetingId, RecordingId recordingId, String url, String filename, Instant recordingStartedAt, Instant recordingEndedAt) {
}
