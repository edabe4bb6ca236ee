package io.connvo.meetings.api.audit;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;

/**
 * Every event of a meeting that touched one recording, and its status now, as {@link RecordingHistory}. Access
 * as for {@link GetMeetingHistory}; NOT_FOUND for a recording the meeting never had.
 */
public record GetRecordingHistory(MeetingId meetingId, RecordingId recordingId, AuditReader reader) {
}
