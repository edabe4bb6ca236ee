package io.connvo.meetings.command;

import io.connvo.meetings.api.MeetingId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link GuardSchedules} in table {@code meeting_guard_schedule}. */
@Repository
public class JdbcGuardSchedules implements GuardSchedules {

    private final JdbcClient jdbc;

    public JdbcGuardSchedules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(MeetingId meetingId, String guard, String scheduleId) {
        jdbc.sql("INSERT INTO meeting_guard_schedule (meeting_id, guard, schedule_id) VALUES (?, ?, ?)")
                .params(meetingId.value(), guard, scheduleId)
                .update();
    }

    @Override
    public List<Scheduled> removeAll(MeetingId meetingId) {
        List<Scheduled> scheduled = jdbc.sql("SELECT guard, schedule_id FROM meeting_guard_schedule WHERE meeting_id = ?")
                .param(meetingId.value())
                .query((row, n) -> new Scheduled(row.getString("guard"), row.getString("schedule_id")))
                .list();
        jdbc.sql("DELETE FROM meeting_guard_schedule WHERE meeting_id = ?").param(meetingId.value()).update();
        return scheduled;
    }
}
