package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The host concludes an active meeting. */
public record EndMeeting(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy) {
}
