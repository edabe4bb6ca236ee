package io.connvo.meetings.query;

import static io.connvo.meetings.query.MeetingViewWrites.columns;
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
import io.connvo.meetings.platform.ReplayBatches;
import io.connvo.meetings.platform.ViewProgress;
import io.connvo.meetings.query.MeetingViewWrites.ClearedIf;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Projects every meeting event into {@code meeting_view} and {@code meeting_participant_view}, then emits the
 * new {@code MeetingView} to {@code GetMeeting} subscribers. Every event advances the row's {@code version} to
 * its sequence number, and an event at or below the stored version is skipped, so redelivery changes nothing.
 * Each handler says which columns its event changes; {@link #writes()} decides how they are written.
 */
@Component
@ProcessingGroup(MeetingViewProjection.GROUP)
public class MeetingViewProjection {

    public static final String GROUP = "meeting-view";
    /** The unit of work's resource holding a replayed batch's changes. */
    private static final String BATCH = MeetingViewProjection.class.getName() + ".batch";

    private final NamedParameterJdbcOperations jdbc;
    private final ViewReader views;
    private final QueryUpdateEmitter emitter;
    private final ViewProgress progress;
    private final ReplayBatches replayBatches;
    private final StatementPerEvent statementPerEvent;

    public MeetingViewProjection(NamedParameterJdbcOperations jdbc, ViewReader views, QueryUpdateEmitter emitter,
                                 @Qualifier(ViewProgress.MEETING_VIEW) ViewProgress progress,
                                 ReplayBatches replayBatches) {
        this.jdbc = jdbc;
        this.views = views;
        this.emitter = emitter;
        this.progress = progress;
        this.replayBatches = replayBatches;
        this.statementPerEvent = new StatementPerEvent(JdbcClient.create(jdbc), this::announceAfterCommit);
    }

    @EventHandler
    public void on(MeetingCreated e, @SequenceNumber long sequence) {
        boolean webrtc = e.videoProvider() == VideoProvider.WEBRTC;
        writes().create(e.meetingId(), sequence, columns(
                "title", e.title(),
                "description", e.description(),
                "host_id", e.hostId().value(),
                "state", MeetingState.SCHEDULED.name(),
                "tier", e.tier().name(),
                "video_provider", e.videoProvider().name(),
                "webrtc_ready", webrtc,
                "room_id", webrtc ? e.meetingId().webRtcRoomId() : null,
                "room_status", RoomStatus.atCreation(e.videoProvider()).name(),
                "transcription_status", TranscriptionStatus.NONE.name(),
                "max_participants", e.maxParticipants(),
                "recording_enabled", e.recordingEnabled(),
                "scheduled_at", timestamp(e.scheduledAt()),
                "created_at", timestamp(e.createdAt())));
    }

    @EventHandler
    public void on(ParticipantAdded e, @SequenceNumber long sequence) {
        writes().addParticipant(e.meetingId(), sequence, e.userId(), columns(
                "role", e.role().name(),
                "presence", Presence.INVITED.name(),
                "added_sequence", sequence));
    }

    @EventHandler
    public void on(ParticipantRoleUpdated e, @SequenceNumber long sequence) {
        writes().changeParticipant(e.meetingId(), sequence, e.userId(), columns("role", e.role().name()));
    }

    /** The removed user no longer sees the meeting: its update goes to the remaining participants only. */
    @EventHandler
    public void on(ParticipantRemoved e, @SequenceNumber long sequence) {
        writes().removeParticipant(e.meetingId(), sequence, e.userId());
    }

    @EventHandler
    public void on(ParticipantJoined e, @SequenceNumber long sequence) {
        writes().changeParticipant(e.meetingId(), sequence, e.userId(), columns(
                "presence", Presence.JOINED.name(), "joined_at", timestamp(e.joinedAt()), "left_at", null));
    }

    @EventHandler
    public void on(ParticipantLeft e, @SequenceNumber long sequence) {
        writes().changeParticipant(e.meetingId(), sequence, e.userId(), columns(
                "presence", Presence.LEFT.name(), "left_at", timestamp(e.leftAt())));
    }

    @EventHandler
    public void on(MeetingStarted e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns(
                "state", MeetingState.ACTIVE.name(), "started_at", timestamp(e.startedAt())));
    }

    @EventHandler
    public void on(MeetingEnded e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns(
                "state", MeetingState.CONCLUDED.name(), "ended_at", timestamp(e.endedAt()), "current_recording_id", null));
    }

    @EventHandler
    public void on(MeetingCancelled e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns(
                "state", MeetingState.CANCELLED.name(), "cancelled_at", timestamp(e.cancelledAt())));
    }

    @EventHandler
    public void on(VideoRoomProvisioned e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns(
                "room_id", e.roomId(), "room_status", RoomStatus.PROVISIONED.name()));
    }

    @EventHandler
    public void on(VideoRoomProvisioningFailed e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns(
                "video_provider", e.fallbackProvider().name(),
                "webrtc_ready", true,
                "room_id", e.fallbackRoomId(),
                "room_status", RoomStatus.FALLBACK.name(),
                "fallback_reason", e.reason(),
                "max_participants", e.maxParticipants(),
                "recording_enabled", false));
    }

    @EventHandler
    public void on(TranscriptionInitialized e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns(
                "transcription_status", TranscriptionStatus.ACTIVE.name(), "transcription_provider", e.provider()));
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
        writes().change(e.meetingId(), sequence, columns("current_recording_id", e.recordingId().value()));
    }

    /** Changes no field, but advances the version the gateway waits for after ActivateRecording. */
    @EventHandler
    public void on(RecordingActivated e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns());
    }

    /** Changes no field, but advances the version. */
    @EventHandler
    public void on(RecordingReady e, @SequenceNumber long sequence) {
        writes().change(e.meetingId(), sequence, columns());
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
        jdbc.update("DELETE FROM meeting_participant_view", Map.of());
        jdbc.update("DELETE FROM meeting_view", Map.of());
    }

    private void transcription(MeetingId meetingId, long sequence, TranscriptionStatus status) {
        writes().change(meetingId, sequence, columns("transcription_status", status.name()));
    }

    /** Only the recording that stops or fails is no longer current; a later one may already have started. */
    private void clearCurrentRecording(MeetingId meetingId, String recordingId, long sequence) {
        writes().change(meetingId, sequence, columns("current_recording_id", new ClearedIf(recordingId)));
    }

    /**
     * A replayed batch's changes are collected per meeting and written at its commit; if that fails, the processor
     * handles the batch again event by event ({@link ReplayBatches}), so a poison event parks only its meeting.
     * Live events are written one by one: a live batch holds an event or two, and the batch's read would cost more.
     */
    private MeetingViewWrites writes() {
        if (!replayBatches.collectable(GROUP)) {
            return statementPerEvent;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get();
        return batch.getOrComputeResource(BATCH, key -> {
            MeetingViewBatch changes = new MeetingViewBatch(jdbc, meetingIds(((BatchingUnitOfWork<?>) batch).getMessages()));
            Map<MeetingId, Long> changed = new LinkedHashMap<>();
            batch.onPrepareCommit(u -> {
                try {
                    changes.write(changed::put);
                } catch (RuntimeException e) {
                    replayBatches.failedTogether(GROUP);
                    throw e;
                }
            });
            batch.afterCommit(u -> changed.forEach(this::announce));
            return changes;
        });
    }

    private static Set<String> meetingIds(List<? extends Message<?>> messages) {
        Set<String> ids = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof DomainEventMessage<?> event) {
                ids.add(event.getAggregateIdentifier());
            }
        }
        return ids;
    }

    /** Once the current unit of work has committed: {@link #announce}. */
    private void announceAfterCommit(MeetingId meetingId, long version) {
        SubscribedUpdates.afterCommit(() -> progress.projected(meetingId, version));
        SubscribedUpdates.afterCommit(emitter, meetingId, query -> wants(query, meetingId), () -> emit(meetingId));
    }

    /**
     * The committed version to this process's waits, and the view to subscribers of this meeting (participants
     * only, as the query handler allows).
     */
    private void announce(MeetingId meetingId, long version) {
        progress.projected(meetingId, version);
        SubscribedUpdates.emitIfWanted(emitter, query -> wants(query, meetingId), () -> emit(meetingId));
    }

    private static boolean wants(Object query, MeetingId meetingId) {
        return query instanceof GetMeeting q && meetingId.equals(q.meetingId());
    }

    private void emit(MeetingId meetingId) {
        views.meeting(meetingId).ifPresent(view -> emitter.emit(GetMeeting.class,
                query -> meetingId.equals(query.meetingId()) && view.hasParticipant(query.requestedBy()), view));
    }
}
