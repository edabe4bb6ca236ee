package io.connvo.meetings.command;

import static io.connvo.meetings.command.AppliedWebhooks.apply;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailStoppingRecording;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.ForwardMatchingInstances;

/**
 * A meeting's recordings and the rules across them: at most one in progress, rate limits on starts and stops, which
 * recording an outcome means. The {@link Meeting} checks who asks and whether the meeting allows it, then asks these
 * recordings; the outcomes that close a recording (failed, stopped, ready) depend on nothing else and are handled
 * here. Outcomes never fail for duplicates or late arrivals: they are no-ops then.
 */
class Recordings {

    private static final int STARTS_PER_MINUTE = 3;
    private static final int STOPS_PER_MINUTE = 5;

    /** In start order, so "the oldest" is the first match and "the latest" the last. */
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private final Map<RecordingId, Recording> recordings = new LinkedHashMap<>();
    private final RateLimit starts = new RateLimit(STARTS_PER_MINUTE, Duration.ofMinutes(1), "Too many recordings started");
    private final RateLimit stops = new RateLimit(STOPS_PER_MINUTE, Duration.ofMinutes(1), "Too many recording stops");
    /** The recording files already reported ready: the same file reported again (under a new webhook id) is no news. */
    private final Set<String> readyFiles = new HashSet<>();

    /** Starts {@code recordingId} if it is new, none is in progress and the rate limit allows. */
    void start(MeetingId meetingId, RecordingId recordingId, UserId by, RecordingConfig config, String roomId,
               Instant now, DeadlineManager deadlines, GuardProperties guards) {
        if (recordings.containsKey(recordingId)) {
            throw new MeetingException(ErrorCode.CONFLICT, "Recording id is already used",
                    Map.of("recordingId", recordingId.value()));
        }
        Optional<RecordingId> inProgress = inProgress();
        if (inProgress.isPresent()) {
            throw new MeetingException(ErrorCode.CONFLICT, "A recording is already in progress",
                    Map.of("recordingId", inProgress.get().value()));
        }
        starts.check(now);
        apply(new RecordingStarted(meetingId, recordingId, by, config, roomId, now));
        new GuardDue(recordingId, null).schedule(deadlines, Recording.START_GUARD, now, guards.recordingStartTimeout());
    }

    /** Asks the recording in progress to stop, if the rate limit allows. */
    void stop(UserId by, Instant now) {
        Recording recording = latest(Recording.IN_PROGRESS)
                .orElseThrow(() -> Meeting.stateError("No recording in progress"));
        stops.check(now);
        recording.requestStop(by, now);
    }

    /** The provider records {@code recordingId}, if it is still starting; its duration guard starts now. */
    void activate(RecordingId recordingId, Instant now, DeadlineManager deadlines, GuardProperties guards) {
        find(recordingId, EnumSet.of(RecordingStatus.STARTING)).ifPresent(recording -> {
            recording.activate(now);
            new GuardDue(recording.id(), null).schedule(deadlines, Recording.DURATION_GUARD, now,
                    guards.maxRecordingDuration());
        });
    }

    /** The recording in progress, if any (there is at most one). */
    Optional<RecordingId> inProgress() {
        return latest(Recording.IN_PROGRESS).map(Recording::id);
    }

    Map<RecordingId, RecordingStatus> statuses() {
        return recordings.values().stream().collect(Collectors.toUnmodifiableMap(Recording::id, Recording::status));
    }

    // ---- outcomes that close a recording

    /**
     * Fails a recording that could not start or broke off. The saga's report names it and never fails one asked to
     * stop: a start failure arriving after the stop request must not undo it ({@link FailStoppingRecording} is the
     * stop's outcome). A webhook cannot name it: GetStream reports the failure of the oldest recording it may still
     * have, which includes one whose stop it has not confirmed.
     */
    @CommandHandler
    Long handle(FailRecording command) {
        Set<RecordingStatus> failable = command.recordingId() == null
                ? EnumSet.of(RecordingStatus.STARTING, RecordingStatus.ACTIVE, RecordingStatus.STOPPING)
                : Recording.IN_PROGRESS;
        find(command.recordingId(), failable).ifPresent(recording -> recording.fail(command.reason(), Meeting.now()));
        return AggregateLifecycle.getVersion();
    }

    /** Fails a recording asked to stop whose stop the provider will not confirm; one nobody asked to stop stays. */
    @CommandHandler
    Long handle(FailStoppingRecording command) {
        find(command.recordingId(), EnumSet.of(RecordingStatus.STOPPING))
                .ifPresent(recording -> recording.fail(command.reason(), Meeting.now()));
        return AggregateLifecycle.getVersion();
    }

    /**
     * Accepts a recording that is stopping: asked to stop by the host, a guard or the meeting's end. The saga names
     * the recording it stopped and is also believed for one still active or starting.
     */
    @CommandHandler
    Long handle(ConfirmRecordingStopped command) {
        // A webhook cannot name the recording: it confirms the oldest stop requested, never a recording nobody asked
        // to stop, so a late confirmation of an earlier recording cannot end the one running now.
        Set<RecordingStatus> stoppable = command.recordingId() == null ? EnumSet.of(RecordingStatus.STOPPING)
                : EnumSet.of(RecordingStatus.STOPPING, RecordingStatus.ACTIVE, RecordingStatus.STARTING);
        find(command.recordingId(), stoppable).ifPresent(recording -> recording.confirmStopped(Meeting.now()));
        return AggregateLifecycle.getVersion();
    }

    /**
     * A file ready means its recording has stopped: a webhook (no id) may report it before the stop, for a recording
     * the provider stopped by itself or whose stop confirmation is still on its way; the recording is then stopped
     * and ready at once, and the late confirmation finds nothing to stop. A file already reported changes nothing.
     */
    @CommandHandler
    Long handle(MarkRecordingReady command) {
        if (!readyFiles.contains(command.url())) {
            Set<RecordingStatus> finished = command.recordingId() == null
                    ? EnumSet.of(RecordingStatus.ACTIVE, RecordingStatus.STOPPING, RecordingStatus.STOPPED)
                    : EnumSet.of(RecordingStatus.STOPPING, RecordingStatus.STOPPED);
            find(command.recordingId(), finished).ifPresent(recording -> recording.ready(command, Meeting.now()));
        }
        return AggregateLifecycle.getVersion();
    }

    // ---- state: changed only here and in each Recording

    @EventSourcingHandler
    void on(RecordingStarted event) {
        recordings.put(event.recordingId(), new Recording(event.meetingId(), event.recordingId(), event.status()));
        starts.record(event.startedAt());
    }

    /** A guard's stop is no request of the host's: it does not count against the host's limit. */
    @EventSourcingHandler
    void on(RecordingStopRequested event) {
        if (!Meeting.GUARD.equals(event.stoppedBy())) {
            stops.record(event.requestedAt());
        }
    }

    @EventSourcingHandler
    void on(RecordingReady event) {
        readyFiles.add(event.url());
    }

    /** The event names the recording as {@code recordingInProgress}, which routing by {@code recordingId} cannot match. */
    @EventSourcingHandler
    void on(MeetingEnded event) {
        Optional.ofNullable(event.recordingInProgress()).map(recordings::get).ifPresent(recording -> recording.on(event));
    }

    // ---- which recording a command means

    /**
     * The given recording if its status is one of {@code statuses}; for a null id (a webhook, which does not know
     * our ids), the oldest such recording: the provider reports its recordings in the order they happened.
     */
    private Optional<Recording> find(RecordingId id, Set<RecordingStatus> statuses) {
        if (id == null) {
            return recordings.values().stream().filter(recording -> recording.isIn(statuses)).findFirst();
        }
        return Optional.ofNullable(recordings.get(id)).filter(recording -> recording.isIn(statuses));
    }

    private Optional<Recording> latest(Set<RecordingStatus> statuses) {
        Recording latest = null;
        for (Recording recording : recordings.values()) {
            if (recording.isIn(statuses)) {
                latest = recording;
            }
        }
        return Optional.ofNullable(latest);
    }
}
