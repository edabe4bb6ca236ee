package io.connvo.meetings.api.query;

import java.util.List;

/** One page of a user's meetings, newest first; {@code nextCursor} is null on the last page. */
public record UserMeetingPage(List<UserMeetingSummary> meetings, String nextCursor) {
}
