package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome: transcription could not start or broke off. */
public record FailTranscription(@TargetAggregateIdentifier MeetingId meetingId, String reason) {
}
