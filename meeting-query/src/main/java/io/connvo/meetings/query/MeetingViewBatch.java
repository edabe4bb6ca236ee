package io.connvo.meetings.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.query.MeetingViewWrites.ClearedIf;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The changes of one replayed batch, folded per meeting in memory and written at the batch's commit: one
 * {@code SELECT} each of the batch's existing meeting and participant rows, then each changed row written once, in
 * JDBC batches, where statement by statement each row was written once per event (two to a dozen a meeting).
 */
final class MeetingViewBatch implements MeetingViewWrites {

    private static final List<String> MEETING_COLUMNS = List.of("meeting_id", "title", "description", "host_id", "state",
            "tier", "video_provider", "webrtc_ready", "room_id", "room_status", "fallback_reason",
            "transcription_status", "transcription_provider", "current_recording_id", "max_participants",
            "recording_enabled", "scheduled_at", "created_at", "started_at", "ended_at", "cancelled_at", "version");
    private static final List<String> PARTICIPANT_COLUMNS = List.of("meeting_id", "user_id", "role", "presence", "joined_at",
            "left_at", "added_sequence");
    private static final Set<String> TIMESTAMPS = Set.of("scheduled_at", "created_at", "started_at", "ended_at",
            "cancelled_at", "joined_at", "left_at");

    private final NamedParameterJdbcOperations jdbc;
    /** Every meeting of the batch with a row, as the batch leaves it so far. */
    private final Map<String, Meeting> meetings = new LinkedHashMap<>();

    private static final class Meeting {
        final Map<String, Object> row;
        final long storedVersion; // -1: no row before the batch
        final Map<String, Map<String, Object>> participants = new LinkedHashMap<>();
        /** Users with a row before the batch, to delete those the batch removed. */
        final Set<String> storedParticipants;

        Meeting(Map<String, Object> row, long storedVersion, Set<String> storedParticipants) {
            this.row = row;
            this.storedVersion = storedVersion;
            this.storedParticipants = storedParticipants;
        }

        long version() {
            return ((Number) row.get("version")).longValue();
        }
    }

    /** Reads the rows of {@code meetingIds}, the meetings the batch's events are about. */
    MeetingViewBatch(NamedParameterJdbcOperations jdbc, Collection<String> meetingIds) {
        this.jdbc = jdbc;
        if (meetingIds.isEmpty()) {
            return;
        }
        Map<String, Object> ids = Map.of("ids", meetingIds);
        jdbc.query("SELECT " + String.join(", ", MEETING_COLUMNS) + " FROM meeting_view WHERE meeting_id IN (:ids)",
                ids, rs -> {
                    Map<String, Object> row = row(rs, MEETING_COLUMNS);
                    long version = ((Number) row.get("version")).longValue();
                    meetings.put((String) row.get("meeting_id"), new Meeting(row, version, new HashSet<>()));
                });
        if (meetings.isEmpty()) {
            return;
        }
        jdbc.query("SELECT " + String.join(", ", PARTICIPANT_COLUMNS)
                        + " FROM meeting_participant_view WHERE meeting_id IN (:ids)", Map.of("ids", meetings.keySet()),
                rs -> {
                    Map<String, Object> row = row(rs, PARTICIPANT_COLUMNS);
                    Meeting meeting = meetings.get((String) row.get("meeting_id"));
                    String user = (String) row.get("user_id");
                    meeting.participants.put(user, row);
                    meeting.storedParticipants.add(user);
                });
    }

    @Override
    public void create(MeetingId meetingId, long sequence, Map<String, Object> row) {
        meetings.computeIfAbsent(meetingId.value(), id -> {
            Map<String, Object> values = unset(MEETING_COLUMNS);
            values.put("meeting_id", id);
            values.putAll(row);
            values.put("version", sequence);
            return new Meeting(values, -1, Set.of());
        });
    }

    @Override
    public void change(MeetingId meetingId, long sequence, Map<String, Object> columns) {
        Meeting meeting = advance(meetingId, sequence);
        if (meeting != null) {
            assign(meeting.row, columns);
        }
    }

    @Override
    public void addParticipant(MeetingId meetingId, long sequence, UserId userId, Map<String, Object> row) {
        Meeting meeting = advance(meetingId, sequence);
        if (meeting != null) {
            meeting.participants.computeIfAbsent(userId.value(), user -> {
                Map<String, Object> values = unset(PARTICIPANT_COLUMNS);
                values.put("meeting_id", meetingId.value());
                values.put("user_id", user);
                values.putAll(row);
                return values;
            });
        }
    }

    @Override
    public void changeParticipant(MeetingId meetingId, long sequence, UserId userId, Map<String, Object> columns) {
        Meeting meeting = advance(meetingId, sequence);
        if (meeting != null && meeting.participants.containsKey(userId.value())) {
            assign(meeting.participants.get(userId.value()), columns);
        }
    }

    @Override
    public void removeParticipant(MeetingId meetingId, long sequence, UserId userId) {
        Meeting meeting = advance(meetingId, sequence);
        if (meeting != null) {
            meeting.participants.remove(userId.value());
        }
    }

    /**
     * Writes every changed row and calls {@code changed} with each changed meeting and its new version. A row
     * changed meanwhile by someone else fails the batch, as a failed statement does.
     */
    void write(BiConsumer<MeetingId, Long> changed) {
        List<Meeting> inserted = new ArrayList<>();
        List<Meeting> updated = new ArrayList<>();
        List<Map<String, Object>> deletedParticipants = new ArrayList<>();
        List<Map<String, Object>> insertedParticipants = new ArrayList<>();
        List<Map<String, Object>> updatedParticipants = new ArrayList<>();
        for (Meeting meeting : meetings.values()) {
            if (meeting.storedVersion < 0) {
                inserted.add(meeting);
            } else if (meeting.version() > meeting.storedVersion) {
                updated.add(meeting);
            } else {
                continue;
            }
            for (String stored : meeting.storedParticipants) {
                if (!meeting.participants.containsKey(stored)) {
                    deletedParticipants.add(Map.of("meeting_id", meeting.row.get("meeting_id"), "user_id", stored));
                }
            }
            meeting.participants.forEach((user, row) ->
                    (meeting.storedParticipants.contains(user) ? updatedParticipants : insertedParticipants).add(row));
        }
        insert("meeting_view", MEETING_COLUMNS, inserted.stream().map(m -> m.row).toList());
        String assignments = MEETING_COLUMNS.stream().skip(1).map(c -> c + " = :" + c).collect(Collectors.joining(", "));
        int[] counts = batch("UPDATE meeting_view SET " + assignments
                + " WHERE meeting_id = :meeting_id AND version = :stored_version", updated.stream().map(m -> {
                    Map<String, Object> values = new HashMap<>(m.row);
                    values.put("stored_version", m.storedVersion);
                    return values;
                }).toList());
        if (Arrays.stream(counts).anyMatch(count -> count == 0)) {
            throw new IncorrectUpdateSemanticsDataAccessException("A meeting view row changed while its batch was replayed");
        }
        batch("DELETE FROM meeting_participant_view WHERE meeting_id = :meeting_id AND user_id = :user_id",
                deletedParticipants);
        insert("meeting_participant_view", PARTICIPANT_COLUMNS, insertedParticipants);
        batch("UPDATE meeting_participant_view SET " + PARTICIPANT_COLUMNS.stream().skip(2).map(c -> c + " = :" + c)
                        .collect(Collectors.joining(", ")) + " WHERE meeting_id = :meeting_id AND user_id = :user_id",
                updatedParticipants);
        inserted.forEach(m -> changed.accept(new MeetingId((String) m.row.get("meeting_id")), m.version()));
        updated.forEach(m -> changed.accept(new MeetingId((String) m.row.get("meeting_id")), m.version()));
    }

    /** The meeting, its version advanced to {@code sequence}; null if it has no row or already reflects the event. */
    private Meeting advance(MeetingId meetingId, long sequence) {
        Meeting meeting = meetings.get(meetingId.value());
        if (meeting == null || sequence <= meeting.version()) {
            return null;
        }
        meeting.row.put("version", sequence);
        return meeting;
    }

    private static void assign(Map<String, Object> row, Map<String, Object> columns) {
        columns.forEach((column, value) ->
                row.put(column, value instanceof ClearedIf cleared ? cleared.applyTo(row.get(column)) : value));
    }

    private void insert(String table, List<String> columns, List<Map<String, Object>> rows) {
        batch("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")", rows);
    }

    private int[] batch(String sql, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return jdbc.batchUpdate(sql, rows.stream().map(MapSqlParameterSource::new).toArray(MapSqlParameterSource[]::new));
    }

    /** A new row: columns its event does not set are null, as the table's defaults. */
    private static Map<String, Object> unset(List<String> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        columns.forEach(column -> row.put(column, null));
        return row;
    }

    private static Map<String, Object> row(ResultSet rs, List<String> columns) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : columns) {
            row.put(column, TIMESTAMPS.contains(column) ? rs.getObject(column, OffsetDateTime.class) : rs.getObject(column));
        }
        return row;
    }
}
