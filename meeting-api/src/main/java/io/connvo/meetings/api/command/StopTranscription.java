package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome: transcription stopped (meeting ended, or the provider says so). */
public record StopTranscription(@TargetAggregateIdentifier MeetingId meetingId, String reason) {
}
