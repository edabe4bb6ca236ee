package io.connvo.meetings.api.query;

import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.UserId;
import java.time.Instant;

/** A participant of a meeting, with role and presence. */
public record ParticipantView(UserId userId, ParticipantRole role, Presence presence, Instant joinedAt, Instant leftAt) {
}
