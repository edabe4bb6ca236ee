package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The host starts a recording (product card name). The gateway generates {@code recordingId} so it can wait for this recording's outcome. */
public record StartRecording(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy, RecordingId recordingId, RecordingConfig config) {
}
