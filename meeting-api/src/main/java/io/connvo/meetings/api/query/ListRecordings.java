package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;

/** The recordings of one meeting as {@link RecordingList}, newest first, for its participants only. */
public record ListRecordings(MeetingId meetingId, UserId requestedBy) {
}
