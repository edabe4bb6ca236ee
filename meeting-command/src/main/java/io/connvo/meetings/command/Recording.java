package io.connvo.meetings.command;

import static io.connvo.meetings.command.AppliedWebhooks.apply;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingEvent;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.EntityId;

/**
 * One recording of a meeting, an entity of its {@link Recordings}: its status, the events that move it and its own
 * guards. Its events and guard deadlines reach it by their {@code recordingId}; the status after each event is the
 * event's own {@link RecordingEvent#status()}.
 */
class Recording {

    static final Set<RecordingStatus> IN_PROGRESS = EnumSet.of(RecordingStatus.STARTING, RecordingStatus.ACTIVE);
    static final String START_GUARD = "guard-recording-start";
    static final String DURATION_GUARD = "guard-recording-duration";

    private final MeetingId meetingId;
    @EntityId
    private final RecordingId recordingId;
    private RecordingStatus status;

    Recording(MeetingId meetingId, RecordingId recordingId, RecordingStatus status) {
        this.meetingId = meetingId;
        this.recordingId = recordingId;
        this.status = status;
    }

    RecordingId id() {
        return recordingId;
    }

    RecordingStatus status() {
        return status;
    }

    boolean isIn(Set<RecordingStatus> statuses) {
        return statuses.contains(status);
    }

    // ---- what happens to it: the callers have chosen it by its status

    void activate(Instant at) {
        apply(new RecordingActivated(meetingId, recordingId, at));
    }

    void fail(String reason, Instant at) {
        apply(new RecordingFailed(meetingId, recordingId, reason, at));
    }

    void requestStop(UserId by, Instant at) {
        apply(new RecordingStopRequested(meetingId, recordingId, by, at));
    }

    void confirmStopped(Instant at) {
        apply(new RecordingStopped(meetingId, recordingId, at));
    }

    /** A file ready means the recording has stopped: one still active (the provider stopped by itself) stops first. */
    void ready(MarkRecordingReady file, Instant at) {
        if (status == RecordingStatus.ACTIVE) {
            confirmStopped(at);
        }
        apply(new RecordingReady(meetingId, recordingId, file.url(), file.filename(), file.recordingStartedAt(),
                file.recordingEndedAt(), at));
    }

    // ---- guards: a guard whose recording has moved on changes nothing; its events carry the instant it was due

    @DeadlineHandler(deadlineName = START_GUARD)
    void stuckStarting(GuardDue due, @Timestamp Instant at) {
        if (status == RecordingStatus.STARTING) {
            fail("The provider did not start the recording in time", at);
        }
    }

    @DeadlineHandler(deadlineName = DURATION_GUARD)
    void ranTooLong(GuardDue due, @Timestamp Instant at) {
        if (status == RecordingStatus.ACTIVE) {
            requestStop(Meeting.GUARD, at);
        }
    }

    // ---- state: changed only here

    @EventSourcingHandler
    void on(RecordingEvent event) {
        status = event.status();
    }

    /** Ending the meeting asks the recording in progress to stop ({@link Recordings} hands the event on). */
    void on(MeetingEnded event) {
        status = event.recordingInProgressStatus();
    }

    /** Equal state: Axon's fixtures compare the state a command left with the state its events rebuild. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Recording that && meetingId.equals(that.meetingId)
                && recordingId.equals(that.recordingId) && status == that.status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(meetingId, recordingId, status);
    }
}
