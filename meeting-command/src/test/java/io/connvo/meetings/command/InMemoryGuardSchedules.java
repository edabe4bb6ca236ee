package io.connvo.meetings.command;

import io.connvo.meetings.api.MeetingId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link GuardSchedules} for fixture tests, which have no database. */
final class InMemoryGuardSchedules implements GuardSchedules {

    private final Map<MeetingId, List<Scheduled>> schedules = new HashMap<>();

    @Override
    public void add(MeetingId meetingId, String guard, String scheduleId) {
        schedules.computeIfAbsent(meetingId, id -> new ArrayList<>()).add(new Scheduled(guard, scheduleId));
    }

    @Override
    public List<Scheduled> removeAll(MeetingId meetingId) {
        List<Scheduled> removed = schedules.remove(meetingId);
        return removed == null ? List.of() : removed;
    }
}
