package io.connvo.meetings.api.command;

import io.connvo.meetings.api.MeetingId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Outcome, from the saga or a webhook: transcription runs at {@code provider} ({@code getstream} or {@code whisper}). */
public record InitializeTranscription(@TargetAggregateIdentifier MeetingId meetingId, String provider, String sessionId) {
}
