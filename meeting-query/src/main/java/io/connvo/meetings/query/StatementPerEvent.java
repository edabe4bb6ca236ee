package io.connvo.meetings.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.query.MeetingViewWrites.ClearedIf;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * Writes each event as it is handled: one {@code UPDATE … WHERE version < ?} of the meeting's row (an insert for
 * its creation), and one statement more for a participant. The live path, where a batch holds an event or two.
 */
final class StatementPerEvent implements MeetingViewWrites {

    private final JdbcClient jdbc;
    /** Called with the meeting and the event's sequence when the event changed the view. */
    private final BiConsumer<MeetingId, Long> applied;

    StatementPerEvent(JdbcClient jdbc, BiConsumer<MeetingId, Long> applied) {
        this.jdbc = jdbc;
        this.applied = applied;
    }

    @Override
    public void create(MeetingId meetingId, long sequence, Map<String, Object> row) {
        Map<String, Object> values = MeetingViewWrites.columns("meeting_id", meetingId.value());
        values.putAll(row);
        values.put("version", sequence);
        if (insert("meeting_view", values) > 0) {
            applied.accept(meetingId, sequence);
        }
    }

    @Override
    public void change(MeetingId meetingId, long sequence, Map<String, Object> columns) {
        if (advance(meetingId, sequence, columns)) {
            applied.accept(meetingId, sequence);
        }
    }

    @Override
    public void addParticipant(MeetingId meetingId, long sequence, UserId userId, Map<String, Object> row) {
        if (advance(meetingId, sequence, Map.of())) {
            Map<String, Object> values = MeetingViewWrites.columns("meeting_id", meetingId.value(), "user_id", userId.value());
            values.putAll(row);
            insert("meeting_participant_view", values);
            applied.accept(meetingId, sequence);
        }
    }

    @Override
    public void changeParticipant(MeetingId meetingId, long sequence, UserId userId, Map<String, Object> columns) {
        if (advance(meetingId, sequence, Map.of())) {
            params(jdbc.sql("UPDATE meeting_participant_view SET " + assignments(columns)
                            + " WHERE meeting_id = :meeting_id AND user_id = :user_id"), columns)
                    .param("meeting_id", meetingId.value())
                    .param("user_id", userId.value())
                    .update();
            applied.accept(meetingId, sequence);
        }
    }

    @Override
    public void removeParticipant(MeetingId meetingId, long sequence, UserId userId) {
        if (advance(meetingId, sequence, Map.of())) {
            jdbc.sql("DELETE FROM meeting_participant_view WHERE meeting_id = :meeting_id AND user_id = :user_id")
                    .param("meeting_id", meetingId.value())
                    .param("user_id", userId.value())
                    .update();
            applied.accept(meetingId, sequence);
        }
    }

    /** Assigns {@code columns} and the new version, unless the row already reflects this event; whether it did. */
    private boolean advance(MeetingId meetingId, long sequence, Map<String, Object> columns) {
        String set = columns.isEmpty() ? "" : assignments(columns) + ", ";
        return params(jdbc.sql("UPDATE meeting_view SET " + set
                        + "version = :version WHERE meeting_id = :meeting_id AND version < :version"), columns)
                .param("version", sequence)
                .param("meeting_id", meetingId.value())
                .update() > 0;
    }

    private int insert(String table, Map<String, Object> values) {
        return params(jdbc.sql("INSERT INTO " + table + " (" + String.join(", ", values.keySet()) + ") VALUES ("
                + values.keySet().stream().map(column -> ":" + column).collect(Collectors.joining(", "))
                + ") ON CONFLICT DO NOTHING"), values).update();
    }

    private static String assignments(Map<String, Object> columns) {
        return columns.entrySet().stream()
                .map(c -> c.getValue() instanceof ClearedIf cleared ? cleared.sql(c.getKey()) : c.getKey() + " = :" + c.getKey())
                .collect(Collectors.joining(", "));
    }

    private static StatementSpec params(StatementSpec statement, Map<String, Object> columns) {
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            statement = statement.param(column.getKey(),
                    column.getValue() instanceof ClearedIf cleared ? cleared.value() : column.getValue());
        }
        return statement;
    }
}
