package io.connvo.meetings.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RecordingQuality;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.ParticipantView;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.api.query.UserMeetingSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Component;

/** Reads the view tables back into the {@code meeting-api} view records. */
@Component
public class ViewReader {

    private final JdbcClient jdbc;

    public ViewReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A meeting with its participants in one statement, hence one snapshot: the version it carries covers
     * exactly the participants shown. (Read apart, a projection commit between the two reads could give a view
     * whose version is new and whose participants are old, which a read-your-writes wait would accept.)
     */
    public Optional<MeetingView> meeting(MeetingId meetingId) {
        return jdbc.sql("""
                        SELECT m.*, p.user_id, p.role, p.presence, p.joined_at, p.left_at
                        FROM meeting_view m LEFT JOIN meeting_participant_view p ON p.meeting_id = m.meeting_id
                        WHERE m.meeting_id = :meetingId ORDER BY p.added_sequence""")
                .param("meetingId", meetingId.value())
                .query(rs -> {
                    List<ParticipantView> participants = new ArrayList<>();
                    MeetingView view = null;
                    while (rs.next()) {
                        if (view == null) {
                            view = meetingView(rs, Collections.unmodifiableList(participants));
                        }
                        if (rs.getString("user_id") != null) {
                            participants.add(participant(rs));
                        }
                    }
                    return Optional.ofNullable(view);
                });
    }

    /**
     * Up to {@code limit} of the user's meetings after {@code after} (from the newest when null), newest first by
     * creation, ties broken by id; only those in {@code state} unless it is null.
     */
    public List<UserMeetingSummary> userMeetings(UserId userId, MeetingState state, UserMeetingCursor after, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT m.meeting_id, m.title, m.state, m.host_id, p.role, m.video_provider, m.scheduled_at,
                    m.created_at, m.started_at, m.ended_at
                FROM meeting_participant_view p JOIN meeting_view m ON m.meeting_id = p.meeting_id
                WHERE p.user_id = :userId""");
        if (state != null) {
            sql.append(" AND m.state = :state");
        }
        if (after != null) {
            sql.append(" AND (m.created_at < :afterAt OR (m.created_at = :afterAt AND m.meeting_id < :afterId))");
        }
        sql.append(" ORDER BY m.created_at DESC, m.meeting_id DESC LIMIT :limit");
        StatementSpec statement = jdbc.sql(sql.toString()).param("userId", userId.value()).param("limit", limit);
        if (state != null) {
            statement = statement.param("state", state.name());
        }
        if (after != null) {
            statement = statement.param("afterAt", timestamp(after.createdAt())).param("afterId", after.meetingId().value());
        }
        return statement.query((rs, n) -> new UserMeetingSummary(
                new MeetingId(rs.getString("meeting_id")),
                rs.getString("title"),
                MeetingState.valueOf(rs.getString("state")),
                new UserId(rs.getString("host_id")),
                ParticipantRole.valueOf(rs.getString("role")),
                VideoProvider.valueOf(rs.getString("video_provider")),
                instant(rs, "scheduled_at"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"))).list();
    }

    /** The participants of a meeting in the order they were added; empty for an unknown meeting. */
    public List<ParticipantView> participants(MeetingId meetingId) {
        return jdbc.sql("""
                        SELECT user_id, role, presence, joined_at, left_at FROM meeting_participant_view
                        WHERE meeting_id = :meetingId ORDER BY added_sequence""")
                .param("meetingId", meetingId.value())
                .query((rs, n) -> participant(rs))
                .list();
    }

    private static ParticipantView participant(ResultSet rs) throws SQLException {
        return new ParticipantView(
                new UserId(rs.getString("user_id")),
                ParticipantRole.valueOf(rs.getString("role")),
                Presence.valueOf(rs.getString("presence")),
                instant(rs, "joined_at"),
                instant(rs, "left_at"));
    }

    public boolean isParticipant(MeetingId meetingId, UserId userId) {
        return jdbc.sql("SELECT COUNT(*) FROM meeting_participant_view WHERE meeting_id = :meetingId AND user_id = :userId")
                .param("meetingId", meetingId.value())
                .param("userId", userId.value())
                .query(Long.class)
                .single() > 0;
    }

    public Optional<RecordingView> recording(MeetingId meetingId, RecordingId recordingId) {
        return jdbc.sql("SELECT * FROM recording_view WHERE recording_id = :recordingId AND meeting_id = :meetingId")
                .param("recordingId", recordingId.value())
                .param("meetingId", meetingId.value())
                .query((rs, n) -> recordingView(rs))
                .optional();
    }

    /** A meeting's recordings, newest first. */
    public List<RecordingView> recordings(MeetingId meetingId) {
        return jdbc.sql("SELECT * FROM recording_view WHERE meeting_id = :meetingId ORDER BY start_sequence DESC")
                .param("meetingId", meetingId.value())
                .query((rs, n) -> recordingView(rs))
                .list();
    }

    /** Instants are stored as UTC {@code TIMESTAMP WITH TIME ZONE}: both H2 and PostgreSQL bind {@link OffsetDateTime}. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static MeetingView meetingView(ResultSet rs, List<ParticipantView> participants) throws SQLException {
        String currentRecording = rs.getString("current_recording_id");
        return new MeetingView(
                new MeetingId(rs.getString("meeting_id")),
                rs.getString("title"),
                rs.getString("description"),
                new UserId(rs.getString("host_id")),
                MeetingState.valueOf(rs.getString("state")),
                Tier.valueOf(rs.getString("tier")),
                VideoProvider.valueOf(rs.getString("video_provider")),
                rs.getBoolean("webrtc_ready"),
                rs.getString("room_id"),
                RoomStatus.valueOf(rs.getString("room_status")),
                rs.getString("fallback_reason"),
                TranscriptionStatus.valueOf(rs.getString("transcription_status")),
                rs.getString("transcription_provider"),
                currentRecording == null ? null : new RecordingId(currentRecording),
                rs.getInt("max_participants"),
                rs.getBoolean("recording_enabled"),
                participants,
                instant(rs, "scheduled_at"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                instant(rs, "cancelled_at"),
                rs.getLong("version"));
    }

    private static RecordingView recordingView(ResultSet rs) throws SQLException {
        return new RecordingView(
                new RecordingId(rs.getString("recording_id")),
                new MeetingId(rs.getString("meeting_id")),
                RecordingStatus.valueOf(rs.getString("status")),
                new RecordingConfig(
                        RecordingMode.valueOf(rs.getString("mode")),
                        rs.getBoolean("audio_only"),
                        RecordingQuality.valueOf(rs.getString("quality")),
                        RecordingLayout.valueOf(rs.getString("layout"))),
                new UserId(rs.getString("started_by")),
                rs.getString("url"),
                rs.getString("filename"),
                rs.getString("failure_reason"),
                instant(rs, "started_at"),
                instant(rs, "activated_at"),
                instant(rs, "stop_requested_at"),
                instant(rs, "stopped_at"),
                instant(rs, "recording_started_at"),
                instant(rs, "recording_ended_at"),
                rs.getLong("version"));
    }
}
