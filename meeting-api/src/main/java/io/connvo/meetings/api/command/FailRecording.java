package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Outcome: recording {@code recordingId} could not start or broke off. A null {@code recordingId} (webhooks do not
 * know our ids) means the oldest recording the provider may still have: starting, active or stopping.
 */
public record FailRecording(@TargetAggregateIdentifier MeetingId meetingId, RecordingId recordingId, String reason) {
}
