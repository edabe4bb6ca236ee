package io.connvo.meetings.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link MeetingViewProjection} writes each event's change: statement by statement ({@link StatementPerEvent}),
 * or collected per meeting and written at the commit of a replayed batch ({@link MeetingViewBatch}). Both keep the
 * version rule: an event at or below the meeting row's version changes nothing, and a change to a participant
 * needs the meeting's row to take the event. Changes are columns and their values, named as the tables name them.
 */
interface MeetingViewWrites {

    /** A new meeting's row, every column but the version; nothing if the meeting has a row already. */
    void create(MeetingId meetingId, long sequence, Map<String, Object> row);

    /** Assigns {@code columns} (possibly none) of the meeting's row and advances its version. */
    void change(MeetingId meetingId, long sequence, Map<String, Object> columns);

    /** A participant's new row (every column but the meeting and user); nothing if the participant has one. */
    void addParticipant(MeetingId meetingId, long sequence, UserId userId, Map<String, Object> row);

    /** Assigns {@code columns} of the participant's row, if there is one. */
    void changeParticipant(MeetingId meetingId, long sequence, UserId userId, Map<String, Object> columns);

    void removeParticipant(MeetingId meetingId, long sequence, UserId userId);

    /** Columns and values, in order; values may be null. */
    static Map<String, Object> columns(Object... namesAndValues) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return columns;
    }

    /**
     * A column's new value that depends on its current one: cleared if it still holds {@code value} (a recording
     * that stops or fails is no longer current, unless a later one has already started). Owns both renderings.
     */
    record ClearedIf(Object value) {

        String sql(String column) {
            return column + " = CASE WHEN " + column + " = :" + column + " THEN NULL ELSE " + column + " END";
        }

        Object applyTo(Object current) {
            return Objects.equals(current, value) ? null : current;
        }
    }
}
