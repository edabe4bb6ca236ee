package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The host stops the recording in progress. */
public record StopRecording(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy) {
}
