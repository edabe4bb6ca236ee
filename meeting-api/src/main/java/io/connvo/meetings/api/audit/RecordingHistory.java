package io.connvo.meetings.api.audit;

import io.connvo.meetings.api.RecordingStatus;
import java.util.List;

/**
 * Every event of a meeting that touched one recording, in order.
 *
 * @param status the recording's status after the meeting's latest event
 */
public record RecordingHistory(String meetingId, String recordingId, RecordingStatus status, List<AuditEvent> events) {
}
