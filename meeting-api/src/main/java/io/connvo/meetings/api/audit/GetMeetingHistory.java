package io.connvo.meetings.api.audit;

import io.connvo.meetings.api.MeetingId;

/**
 * A page of a meeting's stored events as {@link AuditEventPage}, from sequence {@code fromSequence}, at most
 * {@code limit} events. Answered by the command side, which owns the events: for an auditor or admin, or the
 * meeting's host; any other participant gets INSUFFICIENT_PERMISSIONS, anyone else NOT_FOUND.
 */
public record GetMeetingHistory(MeetingId meetingId, long fromSequence, int limit, AuditReader reader) {
}
