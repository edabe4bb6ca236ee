package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from a webhook: the transcript file is available. */
public record MarkTranscriptionReady(@TargetAggregateIdentifier MeetingId meetingId, String url) {
}
