package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from a webhook: the provider saw {@code userId} leave the call at {@code leftAt} (the provider's time). */
public record ConfirmParticipantLeft(@TargetAggregateIdentifier MeetingId meetingId, UserId userId, Instant leftAt) {
}
