package io.connvo.meetings.api.query;

import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.UserId;

/**
 * The meetings {@code userId} takes part in, newest first, as {@link UserMeetingPage}.
 *
 * @param state  only meetings in this state; all when null
 * @param cursor where the previous page stopped ({@link UserMeetingPage#nextCursor()}); the first page when null
 * @param limit  the page size
 */
public record ListUserMeetings(UserId userId, MeetingState state, String cursor, int limit) {
}
