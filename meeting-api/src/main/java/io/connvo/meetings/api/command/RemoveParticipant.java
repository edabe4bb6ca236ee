package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A host removes {@code userId} from the meeting; one who is present leaves first. */
public record RemoveParticipant(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy, UserId userId) {
}
