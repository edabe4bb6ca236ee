package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from a webhook: the provider's call session ended at {@code endedAt}, so nobody is in the call any more. */
public record ConfirmCallSessionEnded(@TargetAggregateIdentifier MeetingId meetingId, Instant endedAt) {
}
