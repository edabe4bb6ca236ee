package io.connvo.meetings.api.audit;

import io.connvo.meetings.api.UserId;

/**
 * Who reads a meeting's history. Roles come from the caller's token, which only the gateway sees: it decides
 * {@code readsAnyMeeting}; the meeting's own events decide whether anyone else may read it.
 *
 * @param userId          the caller
 * @param readsAnyMeeting the caller has an auditor or admin role: any meeting's history is theirs to read
 */
public record AuditReader(UserId userId, boolean readsAnyMeeting) {
}
