package io.connvo.meetings.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailStoppingRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.FailVideoRoomProvisioning;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.event.TranscriptionFailed;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import io.connvo.meetings.saga.getstream.CallSpec;
import io.connvo.meetings.saga.getstream.GetStreamException;
import io.connvo.meetings.platform.CorrelationMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a GetStream meeting's media: the GetStream call, its members and its transcription; recordings; cleanup when
 * the meeting ends (a WebRTC meeting opens and closes its local transcription itself, and has no saga). Every GetStream
 * failure that may heal is retried through a deadline with backoff; every outcome but a membership change's goes back
 * to the aggregate as a command.
 * Deadlines are cancelled only by their schedule id (a cancel by name or scope reads every pending deadline of every
 * meeting); a retry deadline whose id the saga never learnt fires and is ignored once stale ({@link #isNextAttempt}).
 * Every GetStream call is made off the event processor's thread ({@link MediaCallRunner}), each meeting's in order.
 * <p>
 * Axon stores this object as JSON (fields only, see {@code MediaSagaSerializationTest}); collaborators
 * arrive as handler parameters.
 */
@Saga
@ProcessingGroup("media-saga")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class MediaSaga {

    static final String RETRY_PROVISION = "media-saga.retry-provision";
    static final String RETRY_TRANSCRIPTION = "media-saga.retry-transcription";
    static final String RETRY_RECORDING_START = "media-saga.retry-recording-start";
    static final String RETRY_RECORDING_STOP = "media-saga.retry-recording-stop";
    static final String RETRY_CLEANUP = "media-saga.retry-cleanup";
    static final String RETRY_MEMBERSHIP = "media-saga.retry-membership";
    static final String GETSTREAM_TRANSCRIPTION = TranscriptionInitialized.GETSTREAM_PROVIDER;

    private static final Logger log = LoggerFactory.getLogger(MediaSaga.class);

    /** Where a recording stands as far as this saga knows. */
    enum RecordingPhase { STARTING, ACTIVE, STOPPING }

    /**
     * A participant's membership of the call as the meeting last changed it: the {@code change}th change of the
     * meeting's members, its attempts so far, and whether the saga ever blocked the user (an add then unblocks first).
     */
    record Membership(boolean member, int change, int attempts, boolean blocked) {
    }

    private String meetingId;
    private String hostId;
    private List<String> participantIds = new ArrayList<>();
    private int maxParticipants;
    private VideoProvider provider;
    private String roomId;
    private int provisioningAttempts;
    /** The pending safety deadline of the room or transcription call in flight (see MediaCallRunner). */
    private String provisioningDeadline;
    private int transcriptionAttempts;
    private String transcriptionDeadline;
    private String transcriptionProvider;
    private String recordingId;
    private RecordingConfig recordingConfig;
    private RecordingPhase recordingPhase;
    private int recordingAttempts;
    /** The pending safety deadline of the recording call in flight. */
    private String recordingDeadline;
    private boolean ending;
    /** GetStream's transcription failed before the meeting's end: its pending retries do nothing. */
    private boolean transcriptionFailed;
    /** The meeting ended with GetStream transcribing: the saga ends once the transcription's stop is stored. */
    private boolean transcriptionStopPending;
    /** Each participant added or removed since the meeting's start, by user id; the call has the rest from its creation. */
    private Map<String, Membership> memberships = new LinkedHashMap<>();
    private int membershipChanges;

    // ---- meeting start: the room and transcription

    @StartSaga
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(MeetingStarted event, MediaServices media, DeadlineManager deadlines) {
        meetingId = event.meetingId().value();
        hostId = event.hostId().value();
        participantIds = new ArrayList<>(event.participants() == null ? List.of()
                : event.participants().stream().map(UserId::value).toList());
        maxParticipants = event.maxParticipants();
        provider = event.videoProvider();
        if (provider == VideoProvider.GETSTREAM) {
            provision(media, deadlines);
        } else {
            // Nothing of a WebRTC meeting runs at GetStream (its transcription is local and the meeting's own): no saga
            // is stored for it.
            SagaLifecycle.end();
        }
    }

    @DeadlineHandler(deadlineName = RETRY_PROVISION)
    public void retryProvision(RetryDue due, MediaServices media, DeadlineManager deadlines) {
        if (!ending && roomId == null && provider == VideoProvider.GETSTREAM
                && isNextAttempt(due, provisioningAttempts, null)) {
            provision(media, deadlines);
        }
    }

    private void provision(MediaServices media, DeadlineManager deadlines) {
        MeetingId id = meetingId();
        if (provisioningAttempts >= media.retry().maxAttempts()) { // only a safety deadline gets here: no outcome came back
            provisioningDeadline = null; // the one firing now
            media.commands().send(new FailVideoRoomProvisioning(id, noAnswer(provisioningAttempts), provisioningAttempts));
            return;
        }
        int attempt = ++provisioningAttempts;
        CallSpec spec = new CallSpec(meetingId, hostId, participantIds, maxParticipants,
                media.properties().maxCallDuration());
        provisioningDeadline = media.runner().start(attempt(RETRY_PROVISION, attempt, media, deadlines),
                () -> media.calls().getOrCreateCall(spec),
                cid -> new ProvisionVideoRoom(id, cid),
                e -> new FailVideoRoomProvisioning(id, e.getMessage(), attempt));
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(VideoRoomProvisioned event, MediaServices media, DeadlineManager deadlines) {
        roomId = event.roomId();
        // a retry scheduled after a failure finds the room and does nothing
        provisioningDeadline = cancel(RETRY_PROVISION, provisioningDeadline, deadlines);
        if (!ending && transcriptionProvider == null) {
            startTranscription(media, deadlines);
        }
        if (!ending) { // the changes made while the call was being created, which it may have been created without
            List.copyOf(memberships.keySet()).forEach(user -> syncMembership(user, media, deadlines));
        }
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(VideoRoomProvisioningFailed event, DeadlineManager deadlines) {
        provider = event.fallbackProvider();
        provisioningDeadline = cancel(RETRY_PROVISION, provisioningDeadline, deadlines);
    }

    @DeadlineHandler(deadlineName = RETRY_TRANSCRIPTION)
    public void retryTranscription(RetryDue due, MediaServices media, DeadlineManager deadlines) {
        if (!ending && transcriptionProvider == null && !transcriptionFailed
                && isNextAttempt(due, transcriptionAttempts, null)) {
            startTranscription(media, deadlines);
        }
    }

    private void startTranscription(MediaServices media, DeadlineManager deadlines) {
        MeetingId id = meetingId();
        if (transcriptionAttempts >= media.retry().maxAttempts()) { // only a safety deadline gets here: no outcome came back
            transcriptionDeadline = null; // the one firing now
            media.commands().send(new FailTranscription(id, noAnswer(transcriptionAttempts)));
            return;
        }
        String callId = meetingId;
        String room = roomId;
        transcriptionDeadline = media.runner().start(
                attempt(RETRY_TRANSCRIPTION, ++transcriptionAttempts, media, deadlines),
                () -> {
                    media.calls().startTranscription(callId);
                    return room;
                },
                started -> new InitializeTranscription(id, GETSTREAM_TRANSCRIPTION, started),
                e -> new FailTranscription(id, e.getMessage()));
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(TranscriptionInitialized event, DeadlineManager deadlines) {
        transcriptionProvider = event.provider();
        transcriptionDeadline = cancel(RETRY_TRANSCRIPTION, transcriptionDeadline, deadlines);
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(TranscriptionStopped event, DeadlineManager deadlines) {
        transcriptionClosed(deadlines);
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(TranscriptionFailed event, DeadlineManager deadlines) {
        if (!ending) {
            transcriptionFailed = true;
            transcriptionDeadline = cancel(RETRY_TRANSCRIPTION, transcriptionDeadline, deadlines);
        }
        transcriptionClosed(deadlines);
    }

    private void transcriptionClosed(DeadlineManager deadlines) {
        transcriptionProvider = null;
        if (ending) {
            transcriptionDeadline = cancel(RETRY_CLEANUP, transcriptionDeadline, deadlines);
            transcriptionStopPending = false;
            endIfCleanedUp();
        } else {
            transcriptionDeadline = null;
        }
    }

    // ---- the call's members follow the meeting's participants, so a removed one loses the call at once

    /**
     * Whether a saga may act on {@code event}. The host's {@link ParticipantAdded} comes with the meeting's creation,
     * before any saga exists (the participants of the meeting's start come with {@link MeetingStarted}); let through,
     * it would cost every new meeting a unit of work, a saga lookup and a commit on the saga's processor.
     */
    static boolean mayConcernASaga(EventMessage<?> event) {
        return !(event.getPayload() instanceof ParticipantAdded added && added.role() == ParticipantRole.HOST);
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(ParticipantAdded event, MediaServices media, DeadlineManager deadlines) {
        changeMembership(event.userId().value(), true, media, deadlines);
    }

    /**
     * The user is also blocked in the call and kicked out of it: their participant token names the call and stays
     * valid until it expires, and only a block makes GetStream refuse it.
     */
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(ParticipantRemoved event, MediaServices media, DeadlineManager deadlines) {
        changeMembership(event.userId().value(), false, media, deadlines);
    }

    /**
     * Only a user's latest change counts, so a retry of an earlier one is stale, and a user's calls keep their order
     * in the meeting's call queue; different users' changes are independent. Before the room exists the change waits
     * for {@link VideoRoomProvisioned}.
     */
    private void changeMembership(String userId, boolean member, MediaServices media, DeadlineManager deadlines) {
        if (ending || provider != VideoProvider.GETSTREAM) {
            return;
        }
        Membership previous = memberships.get(userId);
        memberships.put(userId, new Membership(member, ++membershipChanges, 0, previous != null && previous.blocked()));
        if (roomId != null) {
            syncMembership(userId, media, deadlines);
        }
    }

    @DeadlineHandler(deadlineName = RETRY_MEMBERSHIP)
    public void retryMembership(RetryDue due, MediaServices media, DeadlineManager deadlines) {
        RetryDue.MemberChange change = due.memberChange();
        Membership wanted = change == null ? null : memberships.get(change.userId());
        if (!ending && wanted != null && wanted.change() == change.number()
                && isNextAttempt(due, wanted.attempts(), null)) {
            syncMembership(change.userId(), media, deadlines);
        }
    }

    /**
     * A change GetStream refuses, or that still fails after its last attempt, is logged and counted as a give-up
     * ({@code connvo.saga.give.ups}, kind {@code membership}) and leaves the meeting as it is: the meeting's
     * participants are what our API goes by (a removed user gets no token and no presence), and no one could act on
     * a failure recorded there.
     */
    private void syncMembership(String userId, MediaServices media, DeadlineManager deadlines) {
        Membership wanted = memberships.get(userId);
        if (wanted.attempts() >= media.retry().maxAttempts()) { // only a safety deadline gets here: no outcome came back
            log.warn("Meeting {}: GetStream gave no answer to membership change {} of {} in {} attempts", meetingId,
                    wanted.change(), userId, wanted.attempts());
            media.retry().givingUp(RETRY_MEMBERSHIP);
            return;
        }
        Membership attempted = new Membership(wanted.member(), wanted.change(), wanted.attempts() + 1,
                wanted.blocked() || !wanted.member());
        memberships.put(userId, attempted);
        String callId = meetingId;
        MediaCallRunner.Attempt attempt = new MediaCallRunner.Attempt(RETRY_MEMBERSHIP, attempted.attempts(), null,
                new RetryDue.MemberChange(userId, attempted.change()), deadlines, media.retry());
        media.runner().startUnreported(attempt, () -> {
            if (!wanted.member()) {
                media.calls().removeAndBlockMember(callId, userId);
                return;
            }
            if (wanted.blocked()) {
                media.calls().unblockMember(callId, userId);
            }
            media.calls().addMember(callId, userId);
        });
    }

    // ---- recordings: started and stopped off the processor's threads, like the room; the outcome's event moves on

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingStarted event, MediaServices media, DeadlineManager deadlines) {
        if (ending) {
            return;
        }
        recordingId = event.recordingId().value();
        recordingConfig = event.config() == null ? RecordingConfig.defaults() : event.config();
        recordingPhase = RecordingPhase.STARTING;
        recordingAttempts = 0;
        recordingDeadline = null;
        startRecording(media, deadlines);
    }

    @DeadlineHandler(deadlineName = RETRY_RECORDING_START)
    public void retryRecordingStart(RetryDue due, MediaServices media, DeadlineManager deadlines) {
        if (!ending && recordingPhase == RecordingPhase.STARTING
                && isNextAttempt(due, recordingAttempts, recordingId)) {
            startRecording(media, deadlines);
        }
    }

    private void startRecording(MediaServices media, DeadlineManager deadlines) {
        MeetingId id = meetingId();
        RecordingId recording = recording();
        if (recordingAttempts >= media.retry().maxAttempts()) { // only a safety deadline gets here: no outcome came back
            recordingDeadline = null; // the one firing now
            media.commands().send(new FailRecording(id, recording, noAnswer(recordingAttempts)));
            return;
        }
        String callId = meetingId;
        RecordingConfig config = recordingConfig;
        recordingDeadline = media.runner().start(attempt(RETRY_RECORDING_START, ++recordingAttempts, media, deadlines),
                () -> {
                    media.calls().applyRecordingSettings(callId, config);
                    media.calls().startRecording(callId);
                    return recording;
                },
                started -> new ActivateRecording(id, started),
                e -> new FailRecording(id, recording, e.getMessage()));
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingStopRequested event, MediaServices media, DeadlineManager deadlines) {
        if (ending || !event.recordingId().value().equals(recordingId)) {
            return;
        }
        if (recordingPhase == RecordingPhase.STARTING) {
            media.commands().send(new FailStoppingRecording(meetingId(), recording(),
                    "Stopped before the provider started recording (" + recordingAttempts + " attempts)"));
            clearRecording(deadlines);
            return;
        }
        recordingPhase = RecordingPhase.STOPPING;
        recordingAttempts = 0;
        stopRecording(media, deadlines);
    }

    @DeadlineHandler(deadlineName = RETRY_RECORDING_STOP)
    public void retryRecordingStop(RetryDue due, MediaServices media, DeadlineManager deadlines) {
        // also the stop at the meeting's end
        if (recordingPhase == RecordingPhase.STOPPING && isNextAttempt(due, recordingAttempts, recordingId)) {
            stopRecording(media, deadlines);
        }
    }

    private void stopRecording(MediaServices media, DeadlineManager deadlines) {
        MeetingId id = meetingId();
        RecordingId recording = recording();
        if (recordingAttempts >= media.retry().maxAttempts()) { // only a safety deadline gets here: no outcome came back
            recordingDeadline = null; // the one firing now
            media.commands().send(couldNotStop(id, recording, noAnswer(recordingAttempts)));
            if (ending) { // nothing more to wait for: the saga is done even if that command is lost
                clearRecording(deadlines);
                endIfCleanedUp();
            }
            return;
        }
        String callId = meetingId;
        recordingDeadline = media.runner().start(attempt(RETRY_RECORDING_STOP, ++recordingAttempts, media, deadlines),
                () -> {
                    media.calls().stopRecording(callId);
                    return recording;
                },
                stopped -> new ConfirmRecordingStopped(id, stopped),
                e -> stopFailedForGood(id, recording, e));
    }

    /**
     * The outcome of a stop given up (refused, or still failing after its last attempt): GetStream refuses to stop
     * when it has no recording running for the call any more; otherwise the recording could not be stopped.
     */
    private static Object stopFailedForGood(MeetingId id, RecordingId recording, GetStreamException failure) {
        if (failure.retryable()) {
            return couldNotStop(id, recording, failure.getMessage());
        }
        log.warn("Meeting {}: {}; treating the recording as stopped", id.value(), failure.getMessage());
        return new ConfirmRecordingStopped(id, recording);
    }

    private static FailStoppingRecording couldNotStop(MeetingId id, RecordingId recording, String why) {
        return new FailStoppingRecording(id, recording, "Could not stop the recording: " + why);
    }

    /** A webhook may confirm the recording before start_recording answers. */
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingActivated event, DeadlineManager deadlines) {
        if (event.recordingId().value().equals(recordingId) && recordingPhase == RecordingPhase.STARTING) {
            recordingPhase = RecordingPhase.ACTIVE;
            recordingDeadline = cancel(RETRY_RECORDING_START, recordingDeadline, deadlines);
            recordingAttempts = 0;
        }
    }

    /**
     * A recording someone else failed (the meeting's guard, when the start took too long) may have been started by
     * GetStream after all, so GetStream is told to stop, once and best effort: the recording is failed either way.
     * One the saga failed itself needs no such call.
     */
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingFailed event, @MetaDataValue(CorrelationMetadata.ACTOR) String actor, MediaServices media,
                   DeadlineManager deadlines) {
        if (event.recordingId().value().equals(recordingId)) {
            clearRecording(deadlines);
            if (!MediaCommands.ACTOR.value().equals(actor)) {
                String callId = meetingId;
                media.runner().startOnce("stopping the failed recording at GetStream",
                        () -> media.calls().stopRecording(callId));
            }
            endIfCleanedUp();
        }
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingStopped event, DeadlineManager deadlines) {
        if (event.recordingId().value().equals(recordingId)) {
            clearRecording(deadlines);
            endIfCleanedUp();
        }
    }

    // ---- meeting end: stop what runs at GetStream, off the processor's thread like every call; end once stored

    /**
     * What the meeting still has open at GetStream (its recording in progress, its transcription) is stopped like a
     * host's stop, with the same safety deadlines and retries, so a crash after the end still stops it; the saga ends
     * once the meeting has stored every stop (or its failure). A transcription whose start was still on its way is
     * told to stop once, best effort: the meeting has ended, so it will never record it as started.
     */
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(MeetingEnded event, MediaServices media, DeadlineManager deadlines) {
        ending = true; // the room's, the transcription's and a recording start's retries do nothing from now on
        provisioningDeadline = cancel(RETRY_PROVISION, provisioningDeadline, deadlines);
        boolean onGetStream = provider == VideoProvider.GETSTREAM && roomId != null;
        String inProgress = onGetStream && event.recordingInProgress() != null
                ? event.recordingInProgress().value() : null;
        boolean stopUnderWay = inProgress != null && inProgress.equals(recordingId)
                && recordingPhase == RecordingPhase.STOPPING && recordingDeadline != null;
        if (!stopUnderWay) { // a host's stop under way carries on with its own deadlines
            clearRecording(deadlines);
            if (inProgress != null) {
                recordingId = inProgress;
                recordingPhase = RecordingPhase.STOPPING;
                stopRecording(media, deadlines);
            }
        }
        boolean transcriptionStarting = transcriptionProvider == null && transcriptionDeadline != null;
        transcriptionDeadline = cancel(RETRY_TRANSCRIPTION, transcriptionDeadline, deadlines);
        transcriptionStopPending = onGetStream && event.transcriptionActive();
        transcriptionAttempts = 0;
        if (transcriptionStopPending) {
            stopTranscription(media, deadlines);
        } else if (onGetStream && transcriptionStarting) {
            String callId = meetingId;
            media.runner().startOnce("stopping the transcription started as the meeting ended",
                    () -> media.calls().stopTranscription(callId));
        }
        endIfCleanedUp();
    }

    /**
     * The transcription's stop at the meeting's end. Sagas stored by the version that stopped both on the processor's
     * thread wait for this deadline with their recording not yet stopping: it is stopped now.
     */
    @DeadlineHandler(deadlineName = RETRY_CLEANUP)
    public void retryCleanup(RetryDue due, MediaServices media, DeadlineManager deadlines) {
        if (recordingId != null && recordingPhase != RecordingPhase.STOPPING) {
            recordingPhase = RecordingPhase.STOPPING;
            recordingAttempts = 0;
            stopRecording(media, deadlines);
        }
        if (transcriptionStopPending && isNextAttempt(due, transcriptionAttempts, null)) {
            stopTranscription(media, deadlines);
        }
        endIfCleanedUp();
    }

    private void stopTranscription(MediaServices media, DeadlineManager deadlines) {
        MeetingId id = meetingId();
        if (transcriptionAttempts >= media.retry().maxAttempts()) { // only a safety deadline gets here: no outcome came back
            transcriptionDeadline = null; // the one firing now
            media.commands().send(couldNotStopTranscription(id, noAnswer(transcriptionAttempts)));
            transcriptionStopPending = false; // nothing more to wait for: the saga is done even if that command is lost
            endIfCleanedUp();
            return;
        }
        String callId = meetingId;
        transcriptionDeadline = media.runner().start(attempt(RETRY_CLEANUP, ++transcriptionAttempts, media, deadlines),
                () -> {
                    media.calls().stopTranscription(callId);
                    return id;
                },
                stopped -> new StopTranscription(stopped, TranscriptionStopped.MEETING_ENDED),
                e -> {
                    if (e.retryable()) {
                        return couldNotStopTranscription(id, e.getMessage());
                    }
                    // GetStream refuses to stop: it has no transcription running for this call any more.
                    log.warn("Meeting {}: {}; treating the transcription as stopped", callId, e.getMessage());
                    return new StopTranscription(id, TranscriptionStopped.MEETING_ENDED);
                });
    }

    private static FailTranscription couldNotStopTranscription(MeetingId id, String why) {
        return new FailTranscription(id, "Could not stop the transcription: " + why);
    }

    /** At the meeting's end, once nothing runs at GetStream any more as far as the meeting knows. */
    private void endIfCleanedUp() {
        if (ending && recordingId == null && !transcriptionStopPending) {
            SagaLifecycle.end();
        }
    }

    // ---- helpers

    private MediaCallRunner.Attempt attempt(String retryDeadline, int number, MediaServices media,
                                            DeadlineManager deadlines) {
        boolean ofRecording = retryDeadline.equals(RETRY_RECORDING_START) || retryDeadline.equals(RETRY_RECORDING_STOP);
        return new MediaCallRunner.Attempt(retryDeadline, number, ofRecording ? recordingId : null, deadlines,
                media.retry());
    }

    /**
     * Whether a retry deadline is still its step's next attempt: of the recording in hand (deadlines stored before
     * they named it are taken as they come) and numbered after the attempts made. A later attempt, another
     * recording or the step's end makes it stale.
     */
    private static boolean isNextAttempt(RetryDue due, int attemptsMade, String recordingId) {
        return due.attempt() == attemptsMade + 1
                && (due.recordingId() == null || due.recordingId().equals(recordingId));
    }

    /** Cancels a call's pending safety deadline by its id; returns null, what the saga then keeps. */
    private static String cancel(String retryDeadline, String scheduleId, DeadlineManager deadlines) {
        if (scheduleId != null) {
            deadlines.cancelSchedule(retryDeadline, scheduleId);
        }
        return null;
    }

    private static String noAnswer(int attempts) {
        return "GetStream gave no answer in " + attempts + " attempts";
    }

    /** Forgets the recording, cancelling its call's pending safety deadline. */
    private void clearRecording(DeadlineManager deadlines) {
        String step = recordingPhase == RecordingPhase.STOPPING ? RETRY_RECORDING_STOP : RETRY_RECORDING_START;
        recordingDeadline = cancel(step, recordingDeadline, deadlines);
        recordingId = null;
        recordingConfig = null;
        recordingPhase = null;
        recordingAttempts = 0;
    }

    private MeetingId meetingId() {
        return new MeetingId(meetingId);
    }

    private RecordingId recording() {
        return new RecordingId(recordingId);
    }
}
