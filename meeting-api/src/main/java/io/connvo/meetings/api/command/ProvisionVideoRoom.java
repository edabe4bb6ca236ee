package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from the saga: GetStream has the call; the meeting's video room is {@code roomId} (the call cid). */
public record ProvisionVideoRoom(@TargetAggregateIdentifier MeetingId meetingId, String roomId) {
}
