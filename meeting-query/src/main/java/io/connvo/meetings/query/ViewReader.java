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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/** Reads the view tables back into the {@code meeting-api} view records. */
@Component
public class ViewReader {

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;

    public ViewReader(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactionManager);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * Runs several reads on one snapshot of the views. Without it, a projection committing between the
     * participants query and the meeting query gave a view with the new version but the old participants, and a
     * read-your-writes wait accepted it.
     */
    public <T> T consistently(Supplier<T> reads) {
        return snapshot.execute(status -> reads.get());
    }

    /** A meeting with its participants: two queries on one snapshot. */
    public Optional<MeetingView> meeting(MeetingId meetingId) {
        return consistently(() -> meeting(meetingId, participants(meetingId)));
    }

    /** The meeting row, completed with participants already read. */
    public Optional<MeetingView> meeting(MeetingId meetingId, List<ParticipantView> participants) {
        return jdbc.sql("SELECT * FROM meeting_view WHERE meeting_id = :meetingId")
                .param("meetingId", meetingId.value())
                .query((rs, n) -> meetingView(rs, participants))
                .optional();
    }

    /** The participants of a meeting in the order they were added; empty for an unknown meeting. */
    public List<ParticipantView> participants(MeetingId meetingId) {
        return jdbc.sql("""
                        SELECT user_id, role, presence, joined_at, left_at FROM meeting_participant_view
                        WHERE meeting_id = :meetingId ORDER BY added_sequence""")
                .param("meetingId", meetingId.value())
                .query((rs, n) -> new ParticipantView(
                        new UserId(rs.getString("user_id")),
                        ParticipantRole.valueOf(rs.getString("role")),
                        Presence.valueOf(rs.getString("presence")),
                        instant(rs, "joined_at"),
                        instant(rs, "left_at")))
                .list();
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
