package io.connvo.meetings.saga;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.FailVideoRoomProvisioning;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
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
import io.connvo.meetings.saga.getstream.GetStreamCalls;
import io.connvo.meetings.saga.getstream.GetStreamException;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one meeting's media: the GetStream call and its transcription (a WebRTC meeting opens its local
 * transcription itself); recordings; cleanup when the meeting ends. Every GetStream failure that may
 * heal is retried through a deadline with backoff; every outcome goes back to the aggregate as a command.
 * The room and its transcription are set up off the event processor's thread ({@link MediaCallRunner}).
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
    static final String GETSTREAM_TRANSCRIPTION = "getstream";
    static final String WHISPER_TRANSCRIPTION = TranscriptionInitialized.LOCAL_PROVIDER;

    private static final Logger log = LoggerFactory.getLogger(MediaSaga.class);

    /** Where a recording stands as far as this saga knows. */
    enum RecordingPhase { STARTING, ACTIVE, STOPPING }

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
    private boolean ending;
    private boolean recordingStopPending;
    private boolean transcriptionStopPending;
    private int cleanupAttempts;

    // ---- meeting start: the room and transcription

    @StartSaga
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(MeetingStarted event, GetStreamCalls calls, MediaCommands commands,
                   DeadlineManager deadlines, RetryPolicy retry, GetStreamProperties properties, MediaCallRunner runner) {
        meetingId = event.meetingId().value();
        hostId = event.hostId().value();
        participantIds = new ArrayList<>(event.participants() == null ? List.of()
                : event.participants().stream().map(UserId::value).toList());
        maxParticipants = event.maxParticipants();
        provider = event.videoProvider();
        if (provider == VideoProvider.GETSTREAM) {
            provision(calls, commands, deadlines, retry, properties, runner);
        }
    }

    @DeadlineHandler(deadlineName = RETRY_PROVISION)
    public void retryProvision(RetryDue due, GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                               RetryPolicy retry, GetStreamProperties properties, MediaCallRunner runner) {
        if (!ending && roomId == null && provider == VideoProvider.GETSTREAM) {
            provision(calls, commands, deadlines, retry, properties, runner);
        }
    }

    private void provision(GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                           RetryPolicy retry, GetStreamProperties properties, MediaCallRunner runner) {
        MeetingId id = meetingId();
        if (provisioningAttempts >= retry.maxAttempts()) { // only a safety deadline gets here: no outcome came back
            commands.send(new FailVideoRoomProvisioning(id, noAnswer(provisioningAttempts), provisioningAttempts));
            return;
        }
        int attempt = ++provisioningAttempts;
        CallSpec spec = new CallSpec(meetingId, hostId, participantIds, maxParticipants, properties.maxCallDuration());
        provisioningDeadline = runner.start(new MediaCallRunner.Attempt(RETRY_PROVISION, attempt, deadlines, retry),
                () -> calls.getOrCreateCall(spec),
                cid -> new ProvisionVideoRoom(id, cid),
                e -> new FailVideoRoomProvisioning(id, e.getMessage(), attempt));
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(VideoRoomProvisioned event, GetStreamCalls calls, MediaCommands commands,
                   DeadlineManager deadlines, RetryPolicy retry, MediaCallRunner runner) {
        roomId = event.roomId();
        if (provisioningDeadline != null) { // a retry scheduled after a failure finds the room and does nothing
            deadlines.cancelSchedule(RETRY_PROVISION, provisioningDeadline);
            provisioningDeadline = null;
        }
        if (!ending && transcriptionProvider == null) {
            startTranscription(calls, commands, deadlines, retry, runner);
        }
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(VideoRoomProvisioningFailed event, DeadlineManager deadlines) {
        provider = event.fallbackProvider();
        deadlines.cancelAllWithinScope(RETRY_PROVISION);
    }

    @DeadlineHandler(deadlineName = RETRY_TRANSCRIPTION)
    public void retryTranscription(RetryDue due, GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                                   RetryPolicy retry, MediaCallRunner runner) {
        if (!ending && transcriptionProvider == null) {
            startTranscription(calls, commands, deadlines, retry, runner);
        }
    }

    private void startTranscription(GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                                    RetryPolicy retry, MediaCallRunner runner) {
        MeetingId id = meetingId();
        if (transcriptionAttempts >= retry.maxAttempts()) { // only a safety deadline gets here: no outcome came back
            commands.send(new FailTranscription(id, noAnswer(transcriptionAttempts)));
            return;
        }
        String callId = meetingId;
        String room = roomId;
        transcriptionDeadline = runner.start(
                new MediaCallRunner.Attempt(RETRY_TRANSCRIPTION, ++transcriptionAttempts, deadlines, retry),
                () -> {
                    calls.startTranscription(callId);
                    return room;
                },
                started -> new InitializeTranscription(id, GETSTREAM_TRANSCRIPTION, started),
                e -> new FailTranscription(id, e.getMessage()));
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(TranscriptionInitialized event, DeadlineManager deadlines) {
        transcriptionProvider = event.provider();
        if (transcriptionDeadline != null) {
            deadlines.cancelSchedule(RETRY_TRANSCRIPTION, transcriptionDeadline);
            transcriptionDeadline = null;
        }
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(TranscriptionStopped event) {
        transcriptionProvider = null;
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(TranscriptionFailed event, DeadlineManager deadlines) {
        transcriptionProvider = null;
        deadlines.cancelAllWithinScope(RETRY_TRANSCRIPTION);
    }

    // ---- recordings

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingStarted event, GetStreamCalls calls, MediaCommands commands,
                   DeadlineManager deadlines, RetryPolicy retry) {
        if (ending) {
            return;
        }
        deadlines.cancelAllWithinScope(RETRY_RECORDING_START);
        deadlines.cancelAllWithinScope(RETRY_RECORDING_STOP);
        recordingId = event.recordingId().value();
        recordingConfig = event.config() == null ? RecordingConfig.defaults() : event.config();
        recordingPhase = RecordingPhase.STARTING;
        recordingAttempts = 0;
        startRecording(calls, commands, deadlines, retry);
    }

    @DeadlineHandler(deadlineName = RETRY_RECORDING_START)
    public void retryRecordingStart(RetryDue due, GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                                    RetryPolicy retry) {
        if (!ending && recordingPhase == RecordingPhase.STARTING) {
            startRecording(calls, commands, deadlines, retry);
        }
    }

    private void startRecording(GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                                RetryPolicy retry) {
        recordingAttempts++;
        try {
            calls.applyRecordingSettings(meetingId, recordingConfig);
            calls.startRecording(meetingId);
            recordingPhase = RecordingPhase.ACTIVE;
            commands.send(new ActivateRecording(meetingId(), recording()));
        } catch (GetStreamException e) {
            if (!retryLater(e, recordingAttempts, RETRY_RECORDING_START, deadlines, retry)) {
                commands.send(new FailRecording(meetingId(), recording(), e.getMessage()));
                clearRecording();
            }
        }
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingStopRequested event, GetStreamCalls calls, MediaCommands commands,
                   DeadlineManager deadlines, RetryPolicy retry) {
        if (ending || !event.recordingId().value().equals(recordingId)) {
            return;
        }
        deadlines.cancelAllWithinScope(RETRY_RECORDING_START);
        if (recordingPhase == RecordingPhase.STARTING) {
            commands.send(new FailRecording(meetingId(), recording(),
                    "Stopped before the provider started recording (" + recordingAttempts + " attempts)"));
            clearRecording();
            return;
        }
        recordingPhase = RecordingPhase.STOPPING;
        recordingAttempts = 0;
        stopRecording(calls, commands, deadlines, retry);
    }

    @DeadlineHandler(deadlineName = RETRY_RECORDING_STOP)
    public void retryRecordingStop(RetryDue due, GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                                   RetryPolicy retry) {
        if (!ending && recordingPhase == RecordingPhase.STOPPING) {
            stopRecording(calls, commands, deadlines, retry);
        }
    }

    private void stopRecording(GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines,
                               RetryPolicy retry) {
        recordingAttempts++;
        try {
            calls.stopRecording(meetingId);
            commands.send(new ConfirmRecordingStopped(meetingId(), recording()));
            clearRecording();
        } catch (GetStreamException e) {
            if (retryLater(e, recordingAttempts, RETRY_RECORDING_STOP, deadlines, retry)) {
                return;
            }
            if (e.retryable()) {
                commands.send(new FailRecording(meetingId(), recording(), "Could not stop the recording: " + e.getMessage()));
            } else {
                // GetStream refuses to stop: it has no recording running for this call any more.
                log.warn("Meeting {}: {}; treating the recording as stopped", meetingId, e.getMessage());
                commands.send(new ConfirmRecordingStopped(meetingId(), recording()));
            }
            clearRecording();
        }
    }

    /** A webhook may confirm the recording before start_recording answers. */
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingActivated event, DeadlineManager deadlines) {
        if (event.recordingId().value().equals(recordingId) && recordingPhase == RecordingPhase.STARTING) {
            recordingPhase = RecordingPhase.ACTIVE;
            deadlines.cancelAllWithinScope(RETRY_RECORDING_START);
        }
    }

    /**
     * The saga forgets a recording it fails itself before the event comes back; one it still follows was failed by
     * someone else (the meeting's guard, when the start took too long). GetStream may have started it after all, so
     * it is told to stop, once and best effort: the recording is failed either way.
     */
    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingFailed event, GetStreamCalls calls, DeadlineManager deadlines) {
        if (event.recordingId().value().equals(recordingId)) {
            deadlines.cancelAllWithinScope(RETRY_RECORDING_START);
            deadlines.cancelAllWithinScope(RETRY_RECORDING_STOP);
            clearRecording();
            try {
                calls.stopRecording(meetingId);
            } catch (GetStreamException e) {
                log.info("Meeting {}: stopping the failed recording at GetStream: {}", meetingId, e.getMessage());
            }
        }
    }

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(RecordingStopped event, DeadlineManager deadlines) {
        if (event.recordingId().value().equals(recordingId)) {
            deadlines.cancelAllWithinScope(RETRY_RECORDING_STOP);
            clearRecording();
        }
    }

    // ---- meeting end: stop what runs at GetStream, then end

    @SagaEventHandler(associationProperty = "meetingId")
    @DisallowReplay
    public void on(MeetingEnded event, GetStreamCalls calls, MediaCommands commands,
                   DeadlineManager deadlines, RetryPolicy retry) {
        ending = true;
        for (String retryDeadline : List.of(RETRY_PROVISION, RETRY_TRANSCRIPTION, RETRY_RECORDING_START, RETRY_RECORDING_STOP)) {
            deadlines.cancelAllWithinScope(retryDeadline);
        }
        boolean onGetStream = provider == VideoProvider.GETSTREAM && roomId != null;
        recordingStopPending = onGetStream && (recordingId != null || event.recordingInProgress() != null);
        if (recordingStopPending && recordingId == null) {
            recordingId = event.recordingInProgress().value();
        }
        transcriptionStopPending = onGetStream
                && (GETSTREAM_TRANSCRIPTION.equals(transcriptionProvider) || event.transcriptionActive());
        if (WHISPER_TRANSCRIPTION.equals(transcriptionProvider)) {
            commands.send(new StopTranscription(meetingId(), "Meeting ended"));
            transcriptionProvider = null;
        }
        cleanUp(calls, commands, deadlines, retry);
    }

    @DeadlineHandler(deadlineName = RETRY_CLEANUP)
    public void retryCleanup(RetryDue due, GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines, RetryPolicy retry) {
        cleanUp(calls, commands, deadlines, retry);
    }

    private void cleanUp(GetStreamCalls calls, MediaCommands commands, DeadlineManager deadlines, RetryPolicy retry) {
        cleanupAttempts++;
        boolean retryable = false;
        String lastFailure = null;
        if (recordingStopPending) {
            try {
                calls.stopRecording(meetingId);
                commands.send(new ConfirmRecordingStopped(meetingId(), recording()));
                recordingStopPending = false;
            } catch (GetStreamException e) {
                retryable = e.retryable();
                lastFailure = e.getMessage();
                recordingStopPending = e.retryable();
            }
        }
        if (transcriptionStopPending) {
            try {
                calls.stopTranscription(meetingId);
                commands.send(new StopTranscription(meetingId(), "Meeting ended"));
                transcriptionStopPending = false;
            } catch (GetStreamException e) {
                retryable |= e.retryable();
                lastFailure = e.getMessage();
                transcriptionStopPending = e.retryable();
            }
        }
        if (retryable && retry.canRetry(cleanupAttempts)) {
            retry.retrying(RETRY_CLEANUP);
            deadlines.schedule(retry.delayAfter(cleanupAttempts), RETRY_CLEANUP, new RetryDue(RETRY_CLEANUP, cleanupAttempts + 1));
            return;
        }
        if (lastFailure != null) {
            log.warn("Meeting {} ended; GetStream cleanup gave up after {} attempts: {}", meetingId, cleanupAttempts, lastFailure);
            retry.givingUp(RETRY_CLEANUP);
        }
        SagaLifecycle.end();
    }

    // ---- helpers

    /** Schedules the next attempt if the failure may heal and the budget allows; false means give up now. */
    private boolean retryLater(GetStreamException e, int attemptsMade, String deadlineName,
                               DeadlineManager deadlines, RetryPolicy retry) {
        if (!e.retryable() || !retry.canRetry(attemptsMade)) {
            log.warn("Meeting {}: giving up after {} attempts: {}", meetingId, attemptsMade, e.getMessage());
            retry.givingUp(deadlineName);
            return false;
        }
        log.info("Meeting {}: attempt {} failed, retrying: {}", meetingId, attemptsMade, e.getMessage());
        retry.retrying(deadlineName);
        deadlines.schedule(retry.delayAfter(attemptsMade), deadlineName, new RetryDue(deadlineName, attemptsMade + 1));
        return true;
    }

    private static String noAnswer(int attempts) {
        return "GetStream gave no answer in " + attempts + " attempts";
    }

    private void clearRecording() {
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
