package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingId;
import java.util.List;

/** The recordings of one meeting, newest first. */
public record RecordingList(MeetingId meetingId, List<RecordingView> recordings) {
}
