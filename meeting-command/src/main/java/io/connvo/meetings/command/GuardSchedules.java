package io.connvo.meetings.command;

import io.connvo.meetings.api.MeetingId;
import java.util.List;

/**
 * Which guard deadlines each meeting has scheduled, so that a meeting that is over cancels them by id (a deadline
 * manager's cancel by name or scope has to read every pending deadline to find them). Written in the transaction of
 * the command that schedules, as the deadline itself is.
 */
public interface GuardSchedules {

    void add(MeetingId meetingId, String guard, String scheduleId);

    /** Forgets the meeting's schedules and returns them. */
    List<Scheduled> removeAll(MeetingId meetingId);

    record Scheduled(String guard, String scheduleId) {
    }
}
