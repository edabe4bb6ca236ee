package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A host makes {@code userId} a co-host ({@code host}) or a plain {@code participant}. */
public record UpdateParticipantRole(@TargetAggregateIdentifier MeetingId meetingId, UserId requestedBy, UserId userId,
                                    ParticipantRole role) {
}
