package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Outcome: recording {@code recordingId}, asked to stop, ends without the provider confirming the stop (the saga
 * gave up stopping it, or it was stopped before the provider started it); {@code reason} says why.
 */
public record FailStoppingRecording(@TargetAggregateIdentifier MeetingId meetingId, RecordingId recordingId,
                                    String reason) {
}
