package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.UserId;

/**
 * One recording as {@link RecordingView}, for the meeting's participants only. The gateway subscribes to it
 * to wait for a recording's outcome after startRecording.
 */
public record GetRecording(MeetingId meetingId, RecordingId recordingId, UserId requestedBy) {
}
