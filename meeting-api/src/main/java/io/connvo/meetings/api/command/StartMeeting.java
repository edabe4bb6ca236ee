package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The host starts a scheduled meeting (product card name). */
public record StartMeeting(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy) {
}
