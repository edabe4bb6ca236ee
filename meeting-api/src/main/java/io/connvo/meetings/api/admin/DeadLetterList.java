package io.connvo.meetings.api.admin;

import java.util.List;

/**
 * A projection's dead letters.
 *
 * @param meetings meetings with parked events
 * @param letters  parked events in all
 * @param shown    the first of them, meeting by meeting, each meeting's events in order
 */
public record DeadLetterList(String projection, long meetings, long letters, List<DeadLetterView> shown) {
}
