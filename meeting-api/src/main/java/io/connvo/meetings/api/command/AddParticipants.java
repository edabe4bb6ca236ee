package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A host invites several users at once: all of them, or none when any one cannot be added. */
public record AddParticipants(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy, List<UserId> userIds) {
}
