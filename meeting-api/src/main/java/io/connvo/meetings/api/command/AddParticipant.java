package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The host invites {@code userId} to the meeting. */
public record AddParticipant(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy, UserId userId) {
}
