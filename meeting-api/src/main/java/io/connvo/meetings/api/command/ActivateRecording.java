package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from the saga or a webhook: the provider is recording {@code recordingId}. */
public record ActivateRecording(@TargetAggregateIdentifier MeetingId meetingId, RecordingId recordingId) {
}
