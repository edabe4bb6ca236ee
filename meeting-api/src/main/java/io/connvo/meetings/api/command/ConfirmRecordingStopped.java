package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome: the provider stopped recording. A null {@code recordingId} (webhooks do not know our ids) means the oldest recording whose stop was requested. */
public record ConfirmRecordingStopped(@TargetAggregateIdentifier MeetingId meetingId, RecordingId recordingId) {
}
