package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A participant leaves the call. */
public record LeaveMeeting(@TargetAggregateIdentifier MeetingId meetingId, UserId userId) {
}
