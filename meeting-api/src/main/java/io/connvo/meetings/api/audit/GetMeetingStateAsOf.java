package io.connvo.meetings.api.audit;

import io.connvo.meetings.api.MeetingId;
import java.time.Instant;

/**
 * A meeting's state as of {@code at} as {@link MeetingStateAsOf}, rebuilt by the meeting's own rules from the
 * events stored up to and including that instant; NOT_FOUND if it did not exist yet. Access as for
 * {@link GetMeetingHistory}.
 */
public record GetMeetingStateAsOf(MeetingId meetingId, Instant at, AuditReader reader) {
}
