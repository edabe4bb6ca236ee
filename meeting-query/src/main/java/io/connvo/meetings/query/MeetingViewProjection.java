package io.connvo.meetings.query;

import static io.connvo.meetings.query.ViewReader.timestamp;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.ParticipantRoleUpdated;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.event.TranscriptionFailed;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionReady;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.platform.ViewProgress;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Component;

/**
 * Projects every meeting event into {@code meeting_view} and {@code meeting_participant_view}, then emits the
 * new {@code MeetingView} to {@code GetMeeting} subscribers. Every event advances the row's {@code version} to
 * its sequence number, and an event at or below the stored version is skipped, so redelivery changes nothing.
 */
@Component
@ProcessingGroup(MeetingViewProjection.GROUP)
public class MeetingViewProjection {

    public static final String GROUP = "meeting-view";

    private final JdbcClient jdbc;
    private final ViewReader views;
    private final QueryUpdateEmitter emitter;
    private final ViewProgress progress;

    public MeetingViewProjection(JdbcClient jdbc, ViewReader views, QueryUpdateEmitter emitter,
                                 @Qualifier(ViewProgress.MEETING_VIEW) ViewProgress progress) {
        this.jdbc = jdbc;
        this.views = views;
        this.emitter = emitter;
        this.progress = progress;
    }

    @EventHandler
    public void on(MeetingCreated e, @SequenceNumber long sequence) {
        boolean webrtc = e.videoProvider() == VideoProvider.WEBRTC;
        int inserted = jdbc.sql("""
                        INSERT INTO meeting_view (meeting_id, title, description, host_id, state, tier, video_provider,
                            webrtc_ready, room_id, room_status, transcription_status, max_participants, recording_enabled,
                            scheduled_at, created_at, version)
                        VALUES (:meetingId, :title, :description, :hostId, :state, :tier, :provider,
                            :webrtcReady, :roomId, :roomStatus, :transcription, :maxParticipants, :recordingEnabled,
                            :scheduledAt, :createdAt, :version)
                        ON CONFLICT DO NOTHING""")
                .param("meetingId", e.meetingId().value())
                .param("title", e.title())
                .param("description", e.description())
                .param("hostId", e.hostId().value())
                .param("state", MeetingState.SCHEDULED.name())
                .param("tier", e.tier().name())
                .param("provider", e.videoProvider().name())
                .param("webrtcReady", webrtc)
                .param("roomId", webrtc ? e.meetingId().webRtcRoomId() : null)
                .param("roomStatus", RoomStatus.atCreation(e.videoProvider()).name())
                .param("transcription", TranscriptionStatus.NONE.name())
                .param("maxParticipants", e.maxParticipants())
                .param("recordingEnabled", e.recordingEnabled())
                .param("scheduledAt", timestamp(e.scheduledAt()))
                .param("createdAt", timestamp(e.createdAt()))
                .param("version", sequence)
                .update();
        if (inserted > 0) {
            announce(e.meetingId(), sequence);
        }
    }

    @EventHandler
    public void on(ParticipantAdded e, @SequenceNumber long sequence) {
        if (advance(e.meetingId(), sequence, "", s -> s)) {
            jdbc.sql("""
                            INSERT INTO meeting_participant_view (meeting_id, user_id, role, presence, added_sequence)
                            VALUES (:meetingId, :userId, :role, :presence, :sequence)
                            ON CONFLICT DO NOTHING""")
                    .param("meetingId", e.meetingId().value())
                    .param("userId", e.userId().value())
                    .param("role", e.role().name())
                    .param("presence", Presence.INVITED.name())
                    .param("sequence", sequence)
                    .update();
            announce(e.meetingId(), sequence);
        }
    }

    @EventHandler
    public void on(ParticipantRoleUpdated e, @SequenceNumber long sequence) {
        if (advance(e.meetingId(), sequence, "", s -> s)) {
            jdbc.sql("UPDATE meeting_participant_view SET role = :role WHERE meeting_id = :meetingId AND user_id = :userId")
                    .param("role", e.role().name())
                    .param("meetingId", e.meetingId().value())
                    .param("userId", e.userId().value())
                    .update();
            announce(e.meetingId(), sequence);
        }
    }

    /** The removed user no longer sees the meeting: its update goes to the remaining participants only. */
    @EventHandler
    public void on(ParticipantRemoved e, @SequenceNumber long sequence) {
        if (advance(e.meetingId(), sequence, "", s -> s)) {
            jdbc.sql("DELETE FROM meeting_participant_view WHERE meeting_id = :meetingId AND user_id = :userId")
                    .param("meetingId", e.meetingId().value())
                    .param("userId", e.userId().value())
                    .update();
            announce(e.meetingId(), sequence);
        }
    }

    @EventHandler
    public void on(ParticipantJoined e, @SequenceNumber long sequence) {
        if (advance(e.meetingId(), sequence, "", s -> s)) {
            jdbc.sql("""
                            UPDATE meeting_participant_view SET presence = :presence, joined_at = :at, left_at = NULL
                            WHERE meeting_id = :meetingId AND user_id = :userId""")
                    .param("presence", Presence.JOINED.name())
                    .param("at", timestamp(e.joinedAt()))
                    .param("meetingId", e.meetingId().value())
                    .param("userId", e.userId().value())
                    .update();
            announce(e.meetingId(), sequence);
        }
    }

    @EventHandler
    public void on(ParticipantLeft e, @SequenceNumber long sequence) {
        if (advance(e.meetingId(), sequence, "", s -> s)) {
            jdbc.sql("""
                            UPDATE meeting_participant_view SET presence = :presence, left_at = :at
                            WHERE meeting_id = :meetingId AND user_id = :userId""")
                    .param("presence", Presence.LEFT.name())
                    .param("at", timestamp(e.leftAt()))
                    .param("meetingId", e.meetingId().value())
                    .param("userId", e.userId().value())
                    .update();
            announce(e.meetingId(), sequence);
        }
    }

    @EventHandler
    public void on(MeetingStarted e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "state = :state, started_at = :at",
                s -> s.param("state", MeetingState.ACTIVE.name()).param("at", timestamp(e.startedAt())));
    }

    @EventHandler
    public void on(MeetingEnded e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "state = :state, ended_at = :at, current_recording_id = NULL",
                s -> s.param("state", MeetingState.CONCLUDED.name()).param("at", timestamp(e.endedAt())));
    }

    @EventHandler
    public void on(MeetingCancelled e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "state = :state, cancelled_at = :at",
                s -> s.param("state", MeetingState.CANCELLED.name()).param("at", timestamp(e.cancelledAt())));
    }

    @EventHandler
    public void on(VideoRoomProvisioned e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "room_id = :roomId, room_status = :roomStatus",
                s -> s.param("roomId", e.roomId()).param("roomStatus", RoomStatus.PROVISIONED.name()));
    }

    @EventHandler
    public void on(VideoRoomProvisioningFailed e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, """
                        video_provider = :provider, webrtc_ready = TRUE, room_id = :roomId, room_status = :roomStatus,
                        fallback_reason = :reason, max_participants = :maxParticipants, recording_enabled = FALSE""",
                s -> s.param("provider", e.fallbackProvider().name())
                        .param("roomId", e.fallbackRoomId())
                        .param("roomStatus", RoomStatus.FALLBACK.name())
                        .param("reason", e.reason())
                        .param("maxParticipants", e.maxParticipants()));
    }

    @EventHandler
    public void on(TranscriptionInitialized e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "transcription_status = :status, transcription_provider = :provider",
                s -> s.param("status", TranscriptionStatus.ACTIVE.name()).param("provider", e.provider()));
    }

    @EventHandler
    public void on(TranscriptionStopped e, @SequenceNumber long sequence) {
        transcription(e.meetingId(), sequence, TranscriptionStatus.STOPPED);
    }

    @EventHandler
    public void on(TranscriptionReady e, @SequenceNumber long sequence) {
        transcription(e.meetingId(), sequence, TranscriptionStatus.READY);
    }

    @EventHandler
    public void on(TranscriptionFailed e, @SequenceNumber long sequence) {
        transcription(e.meetingId(), sequence, TranscriptionStatus.FAILED);
    }

    @EventHandler
    public void on(RecordingStarted e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "current_recording_id = :recordingId",
                s -> s.param("recordingId", e.recordingId().value()));
    }

    /** Changes no field, but advances the version the gateway waits for after ActivateRecording. */
    @EventHandler
    public void on(RecordingActivated e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "", s -> s);
    }

    /** Changes no field, but advances the version. */
    @EventHandler
    public void on(RecordingReady e, @SequenceNumber long sequence) {
        apply(e.meetingId(), sequence, "", s -> s);
    }

    @EventHandler
    public void on(RecordingStopRequested e, @SequenceNumber long sequence) {
        clearCurrentRecording(e.meetingId(), e.recordingId().value(), sequence);
    }

    @EventHandler
    public void on(RecordingStopped e, @SequenceNumber long sequence) {
        clearCurrentRecording(e.meetingId(), e.recordingId().value(), sequence);
    }

    @EventHandler
    public void on(RecordingFailed e, @SequenceNumber long sequence) {
        clearCurrentRecording(e.meetingId(), e.recordingId().value(), sequence);
    }

    @ResetHandler
    public void reset() {
        jdbc.sql("DELETE FROM meeting_participant_view").update();
        jdbc.sql("DELETE FROM meeting_view").update();
    }

    private void transcription(MeetingId meetingId, long sequence, TranscriptionStatus status) {
        apply(meetingId, sequence, "transcription_status = :status", s -> s.param("status", status.name()));
    }

    /** Only the recording that stops or fails is no longer current; a later one may already have started. */
    private void clearCurrentRecording(MeetingId meetingId, String recordingId, long sequence) {
        apply(meetingId, sequence,
                "current_recording_id = CASE WHEN current_recording_id = :recordingId THEN NULL ELSE current_recording_id END",
                s -> s.param("recordingId", recordingId));
    }

    private void apply(MeetingId meetingId, long sequence, String assignments, UnaryOperator<StatementSpec> params) {
        if (advance(meetingId, sequence, assignments, params)) {
            announce(meetingId, sequence);
        }
    }

    /**
     * Applies {@code assignments} (constant SQL with named parameters) and the new version to the meeting's row,
     * unless the row already reflects this event. Returns whether the event was applied.
     */
    private boolean advance(MeetingId meetingId, long sequence, String assignments, UnaryOperator<StatementSpec> params) {
        String set = assignments.isEmpty() ? "" : assignments + ", ";
        StatementSpec statement = jdbc.sql("UPDATE meeting_view SET " + set
                        + "version = :version WHERE meeting_id = :meetingId AND version < :version")
                .param("version", sequence)
                .param("meetingId", meetingId.value());
        return params.apply(statement).update() > 0;
    }

    /**
     * After the commit: the new version to this process's waits, and the view to subscribers of this meeting
     * (participants only, as the query handler allows).
     */
    private void announce(MeetingId meetingId, long sequence) {
        SubscribedUpdates.afterCommit(() -> progress.projected(meetingId, sequence));
        SubscribedUpdates.afterCommit(emitter, meetingId,
                query -> query instanceof GetMeeting q && meetingId.equals(q.meetingId()),
                () -> views.meeting(meetingId).ifPresent(view -> emitter.emit(GetMeeting.class,
                        query -> meetingId.equals(query.meetingId()) && view.hasParticipant(query.requestedBy()), view)));
    }
}
