package io.connvo.meetings.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The index of guard deadlines on its own migration (H2 in PostgreSQL mode). */
class JdbcGuardSchedulesTest {

    @Test
    void aMeetingsSchedulesAreReturnedOnceAndOnlyItsOwn() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:guards;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V5_1__meeting_guard_schedules.sql"))
                .execute(dataSource);
        GuardSchedules schedules = new JdbcGuardSchedules(JdbcClient.create(dataSource));
        MeetingId meeting = new MeetingId("meeting_a");
        MeetingId other = new MeetingId("meeting_b");

        schedules.add(meeting, Meeting.NO_SHOW_GUARD, "s1");
        schedules.add(meeting, Meeting.MAX_DURATION_GUARD, "s2");
        schedules.add(other, Meeting.NO_SHOW_GUARD, "s3");

        assertThat(schedules.removeAll(meeting)).containsExactlyInAnyOrder(
                new GuardSchedules.Scheduled(Meeting.NO_SHOW_GUARD, "s1"),
                new GuardSchedules.Scheduled(Meeting.MAX_DURATION_GUARD, "s2"));
        assertThat(schedules.removeAll(meeting)).isEmpty();
        assertThat(schedules.removeAll(other)).containsExactly(new GuardSchedules.Scheduled(Meeting.NO_SHOW_GUARD, "s3"));
    }
}
