package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from a webhook: the provider saw {@code userId} join the call at {@code joinedAt} (the provider's time). */
public record ConfirmParticipantJoined(@TargetAggregateIdentifier MeetingId meetingId, UserId userId, Instant joinedAt) {
}
