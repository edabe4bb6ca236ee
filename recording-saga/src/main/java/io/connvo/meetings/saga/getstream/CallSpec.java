package io.connvo.meetings.saga.getstream;

import java.time.Duration;
import java.util.List;

/**
 * What a meeting's GetStream call is created with.
 *
 * @param callId          the call id (the meeting id)
 * @param hostId          created_by, and the member with role {@code host}
 * @param memberIds       the other members
 * @param maxParticipants {@code limits.max_participants}
 * @param maxDuration     {@code limits.max_duration_seconds}
 */
public record CallSpec(String callId, String hostId, List<String> memberIds, int maxParticipants, Duration maxDuration) {

    public CallSpec {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
