package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from the saga: provisioning exhausted its attempts; the meeting falls back to WebRTC. */
public record FailVideoRoomProvisioning(@TargetAggregateIdentifier MeetingId meetingId, String reason, int attempts) {
}
