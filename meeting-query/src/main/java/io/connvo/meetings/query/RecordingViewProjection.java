package io.connvo.meetings.query;

import static io.connvo.meetings.query.ViewReader.timestamp;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.ListRecordings;
import io.connvo.meetings.api.query.ParticipantView;
import io.connvo.meetings.api.query.RecordingList;
import io.connvo.meetings.platform.ViewProgress;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
 * Projects recording events into {@code recording_view}, then reports the change to this process's waits and emits
 * the changed {@code RecordingView} to {@code GetRecording} subscribers and the meeting's {@code RecordingList} to
 * {@code ListRecordings} subscribers.
 * A row's {@code version} is the sequence number of the meeting event that last changed it; older events are
 * skipped, so redelivery changes nothing. Status changes never move a recording backwards.
 */
@Component
@ProcessingGroup(RecordingViewProjection.GROUP)
public class RecordingViewProjection {

    public static final String GROUP = "recording-view";

    private final JdbcClient jdbc;
    private final ViewReader views;
    private final QueryUpdateEmitter emitter;
    private final ViewProgress progress;

    public RecordingViewProjection(JdbcClient jdbc, ViewReader views, QueryUpdateEmitter emitter,
                                   @Qualifier(ViewProgress.RECORDING_VIEW) ViewProgress progress) {
        this.jdbc = jdbc;
        this.views = views;
        this.emitter = emitter;
        this.progress = progress;
    }

    @EventHandler
    public void on(RecordingStarted e, @SequenceNumber long sequence) {
        RecordingConfig config = e.config() == null ? RecordingConfig.defaults() : e.config();
        int inserted = jdbc.sql("""
                        INSERT INTO recording_view (recording_id, meeting_id, status, mode, audio_only, quality, layout,
                            started_by, started_at, start_sequence, version)
                        VALUES (:recordingId, :meetingId, :status, :mode, :audioOnly, :quality, :layout,
                            :startedBy, :startedAt, :version, :version)
                        ON CONFLICT DO NOTHING""")
                .param("recordingId", e.recordingId().value())
                .param("meetingId", e.meetingId().value())
                .param("status", e.status().name())
                .param("mode", config.mode().name())
                .param("audioOnly", config.audioOnly())
                .param("quality", config.quality().name())
                .param("layout", config.layout().name())
                .param("startedBy", e.startedBy().value())
                .param("startedAt", timestamp(e.startedAt()))
                .param("version", sequence)
                .update();
        if (inserted > 0) {
            announce(e.meetingId(), e.recordingId(), sequence);
        }
    }

    @EventHandler
    public void on(RecordingActivated e, @SequenceNumber long sequence) {
        apply(e.meetingId(), e.recordingId(), sequence, "status = :status, activated_at = :at",
                s -> s.param("status", e.status().name()).param("at", timestamp(e.activatedAt())));
    }

    @EventHandler
    public void on(RecordingStopRequested e, @SequenceNumber long sequence) {
        stopRequested(e.meetingId(), e.recordingId(), sequence, e.status(), e.requestedAt());
    }

    /** Ending the meeting asks the recording in progress to stop, at the instant it ended. */
    @EventHandler
    public void on(MeetingEnded e, @SequenceNumber long sequence) {
        if (e.recordingInProgress() != null) {
            stopRequested(e.meetingId(), e.recordingInProgress(), sequence, e.recordingInProgressStatus(), e.endedAt());
        }
    }

    @EventHandler
    public void on(RecordingStopped e, @SequenceNumber long sequence) {
        apply(e.meetingId(), e.recordingId(), sequence, "status = :status, stopped_at = :at",
                s -> s.param("status", e.status().name()).param("at", timestamp(e.stoppedAt())));
    }

    @EventHandler
    public void on(RecordingReady e, @SequenceNumber long sequence) {
        apply(e.meetingId(), e.recordingId(), sequence, """
                        status = :status, url = :url, filename = :filename,
                        recording_started_at = :mediaStart, recording_ended_at = :mediaEnd""",
                s -> s.param("status", e.status().name())
                        .param("url", e.url())
                        .param("filename", e.filename())
                        .param("mediaStart", timestamp(e.recordingStartedAt()))
                        .param("mediaEnd", timestamp(e.recordingEndedAt())));
    }

    @EventHandler
    public void on(RecordingFailed e, @SequenceNumber long sequence) {
        apply(e.meetingId(), e.recordingId(), sequence, "status = :status, failure_reason = :reason",
                s -> s.param("status", e.status().name()).param("reason", e.reason()));
    }

    @ResetHandler
    public void reset() {
        jdbc.sql("DELETE FROM recording_view").update();
    }

    private void stopRequested(MeetingId meetingId, RecordingId recordingId, long sequence, RecordingStatus status,
                               Instant at) {
        apply(meetingId, recordingId, sequence, "status = :status, stop_requested_at = COALESCE(stop_requested_at, :at)",
                s -> s.param("status", status.name()).param("at", timestamp(at)));
    }

    /**
     * Applies {@code assignments} (constant SQL with named parameters) and the new version to the recording's row,
     * unless the row already reflects this event, then announces the change.
     */
    private void apply(MeetingId meetingId, RecordingId recordingId, long sequence, String assignments,
                       UnaryOperator<StatementSpec> params) {
        StatementSpec statement = jdbc.sql("UPDATE recording_view SET " + assignments + ", version = :version"
                        + " WHERE recording_id = :recordingId AND meeting_id = :meetingId AND version < :version")
                .param("version", sequence)
                .param("recordingId", recordingId.value())
                .param("meetingId", meetingId.value());
        if (params.apply(statement).update() > 0) {
            announce(meetingId, recordingId, sequence);
        }
    }

    /**
     * After the commit: the meeting's new version of its recordings to this process's waits, and the views to
     * subscribers of this meeting's recordings (participants only, as the query handlers allow).
     */
    private void announce(MeetingId meetingId, RecordingId recordingId, long sequence) {
        SubscribedUpdates.afterCommit(() -> progress.projected(meetingId, sequence));
        SubscribedUpdates.afterCommit(emitter, recordingId,
                query -> query instanceof GetRecording q && meetingId.equals(q.meetingId())
                        || query instanceof ListRecordings l && meetingId.equals(l.meetingId()),
                () -> emitNow(meetingId, recordingId));
    }

    private void emitNow(MeetingId meetingId, RecordingId recordingId) {
        Set<UserId> participants = views.participants(meetingId).stream()
                .map(ParticipantView::userId)
                .collect(Collectors.toUnmodifiableSet());
        views.recording(meetingId, recordingId).ifPresent(view -> emitter.emit(GetRecording.class,
                query -> recordingId.equals(query.recordingId()) && meetingId.equals(query.meetingId())
                        && participants.contains(query.requestedBy()),
                view));
        RecordingList list = new RecordingList(meetingId, views.recordings(meetingId));
        emitter.emit(ListRecordings.class,
                query -> meetingId.equals(query.meetingId()) && participants.contains(query.requestedBy()), list);
    }
}
