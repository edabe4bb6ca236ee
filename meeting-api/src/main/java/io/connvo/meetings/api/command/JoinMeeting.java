package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A participant enters the call; the participant cap is enforced here. */
public record JoinMeeting(@TargetAggregateIdentifier MeetingId meetingId, UserId userId) {
}
