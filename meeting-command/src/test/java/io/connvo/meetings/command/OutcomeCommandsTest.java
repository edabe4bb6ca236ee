package io.connvo.meetings.command;

import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.EndMeeting;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailStoppingRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.FailVideoRoomProvisioning;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.command.MarkTranscriptionReady;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.event.TranscriptionFailed;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionReady;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.REC1;
import static io.connvo.meetings.command.MeetingFixtures.REC2;
import static io.connvo.meetings.command.MeetingFixtures.ROOM;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.activeFree;
import static io.connvo.meetings.command.MeetingFixtures.guestAdded;
import static io.connvo.meetings.command.MeetingFixtures.hostAdded;
import static io.connvo.meetings.command.MeetingFixtures.paidCreated;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.recordingStarted;
import static io.connvo.meetings.command.MeetingFixtures.started;
import static io.connvo.meetings.command.MeetingFixtures.validation;

/**
 * Outcome commands from the saga and webhooks: accepted when they fit, and no-ops (success, no event, the
 * current version returned) for duplicates, late arrivals and concluded meetings.
 */
class OutcomeCommandsTest {

    private static final Instant LATER = T0.plusSeconds(30);
    private static final MeetingEnded ENDED = new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, T0);

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    /** Paid GetStream meeting, started, room still pending: 4 events, version 3. */
    private static List<Object> pendingRoom() {
        return List.of(paidCreated(), hostAdded(), guestAdded(), started(Tier.PAID, VideoProvider.GETSTREAM, 10));
    }

    private void expectNoOp(List<Object> given, Object outcome) {
        fixture.given(given)
                .when(outcome)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload((long) given.size() - 1);
    }

    private static List<Object> plus(List<Object> base, Object... more) {
        List<Object> events = new java.util.ArrayList<>(base);
        events.addAll(List.of(more));
        return events;
    }

    /** The command bus makes it the domain's NOT_FOUND ({@link FailureTranslationTest}). */
    @Test
    void outcomeForUnknownMeetingIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new ProvisionVideoRoom(ID, ROOM))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Nested
    class VideoRoom {
        @Test
        void provisionedWhilePending() {
            fixture.given(pendingRoom()).andGivenCurrentTime(LATER)
                    .when(new ProvisionVideoRoom(ID, ROOM))
                    .expectEvents(new VideoRoomProvisioned(ID, ROOM, LATER))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void secondProvisionIsANoOp() {
            expectNoOp(plus(pendingRoom(), new VideoRoomProvisioned(ID, ROOM, T0)), new ProvisionVideoRoom(ID, ROOM));
        }

        @Test
        void provisionAfterTheEndIsANoOp() {
            expectNoOp(plus(pendingRoom(), ENDED), new ProvisionVideoRoom(ID, ROOM));
        }

        @Test
        void provisionForWebRtcMeetingIsANoOp() {
            expectNoOp(activeFree(), new ProvisionVideoRoom(ID, ROOM));
        }

        @Test
        void provisionBeforeTheStartIsANoOp() {
            expectNoOp(List.of(paidCreated(), hostAdded()), new ProvisionVideoRoom(ID, ROOM));
        }

        @Test
        void provisionWithoutRoomIsRejected() {
            fixture.given(pendingRoom())
                    .when(new ProvisionVideoRoom(ID, " "))
                    .expectNoEvents()
                    .expectExceptionDetails(validation("roomId", "roomId is required"));
        }

        @Test
        void failedProvisioningFallsBackToWebRtc() {
            fixture.given(pendingRoom()).andGivenCurrentTime(LATER)
                    .when(new FailVideoRoomProvisioning(ID, "GetStream unavailable", 5))
                    .expectEvents(new VideoRoomProvisioningFailed(ID, "GetStream unavailable", 5, VideoProvider.WEBRTC,
                                    "webrtc_meeting_abc", 4, LATER),
                            new TranscriptionInitialized(ID, "whisper", "whisper_meeting_abc", LATER))
                    .expectResultMessagePayload(5L);
        }

        /** The fallback's local session is the meeting's, like a free meeting's: its end stops it. */
        @Test
        void endAfterTheFallbackStopsTheLocalTranscription() {
            fixture.given(pendingRoom()).andGivenCommands(new FailVideoRoomProvisioning(ID, "down", 5))
                    .andGivenCurrentTime(LATER)
                    .when(new EndMeeting(ID, HOST))
                    .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.WEBRTC, null, true, LATER),
                            new TranscriptionStopped(ID, TranscriptionStopped.MEETING_ENDED, LATER));
        }

        @Test
        void fallbackKeepsASmallerCap() {
            MeetingCreated small = new MeetingCreated(ID, HOST, "Standup", null, null, Tier.PAID,
                    VideoProvider.GETSTREAM, 3, true, T0, null);
            fixture.given(small, hostAdded(), started(Tier.PAID, VideoProvider.GETSTREAM, 3)).andGivenCurrentTime(LATER)
                    .when(new FailVideoRoomProvisioning(ID, "down", 2))
                    .expectEvents(new VideoRoomProvisioningFailed(ID, "down", 2, VideoProvider.WEBRTC,
                                    "webrtc_meeting_abc", 3, LATER),
                            new TranscriptionInitialized(ID, "whisper", "whisper_meeting_abc", LATER));
        }

        @Test
        void secondFailureIsANoOp() {
            expectNoOp(plus(pendingRoom(), new VideoRoomProvisioningFailed(ID, "down", 5, VideoProvider.WEBRTC,
                    "webrtc_meeting_abc", 4, T0)), new FailVideoRoomProvisioning(ID, "down", 5));
        }

        @Test
        void failureAfterProvisioningIsANoOp() {
            expectNoOp(recordable(), new FailVideoRoomProvisioning(ID, "late", 1));
        }

        @Test
        void failureAfterTheEndIsANoOp() {
            expectNoOp(plus(pendingRoom(), ENDED), new FailVideoRoomProvisioning(ID, "late", 1));
        }

        @Test
        void provisionAfterFallbackIsANoOp() {
            expectNoOp(plus(pendingRoom(), new VideoRoomProvisioningFailed(ID, "down", 5, VideoProvider.WEBRTC,
                    "webrtc_meeting_abc", 4, T0)), new ProvisionVideoRoom(ID, ROOM));
        }
    }

    @Nested
    class Transcription {
        private final TranscriptionInitialized initialized = new TranscriptionInitialized(ID, "getstream", "s1", T0);

        @Test
        void initializedInActiveMeeting() {
            fixture.given(recordable()).andGivenCurrentTime(LATER)
                    .when(new InitializeTranscription(ID, "getstream", "s1"))
                    .expectEvents(new TranscriptionInitialized(ID, "getstream", "s1", LATER))
                    .expectResultMessagePayload(5L);
        }

        @Test
        void initializedAgainAfterAFailure() {
            fixture.given(plus(activeFree(), new TranscriptionFailed(ID, "boom", T0))).andGivenCurrentTime(LATER)
                    .when(new InitializeTranscription(ID, "whisper", "s2"))
                    .expectEvents(new TranscriptionInitialized(ID, "whisper", "s2", LATER));
        }

        @Test
        void secondInitializationIsANoOp() {
            expectNoOp(plus(recordable(), initialized), new InitializeTranscription(ID, "getstream", "s1"));
        }

        @Test
        void initializationAfterTheEndIsANoOp() {
            expectNoOp(plus(recordable(), ENDED), new InitializeTranscription(ID, "getstream", "s1"));
        }

        @Test
        void activeTranscriptionFails() {
            fixture.given(plus(recordable(), initialized)).andGivenCurrentTime(LATER)
                    .when(new FailTranscription(ID, "provider error"))
                    .expectEvents(new TranscriptionFailed(ID, "provider error", LATER));
        }

        @Test
        void transcriptionThatNeverStartedFails() {
            fixture.given(recordable()).andGivenCurrentTime(LATER)
                    .when(new FailTranscription(ID, "could not start"))
                    .expectEvents(new TranscriptionFailed(ID, "could not start", LATER));
        }

        @Test
        void secondFailureIsANoOp() {
            expectNoOp(plus(recordable(), new TranscriptionFailed(ID, "x", T0)), new FailTranscription(ID, "x"));
        }

        @Test
        void failureOfUnstartedTranscriptionAfterTheEndIsANoOp() {
            expectNoOp(plus(recordable(), ENDED), new FailTranscription(ID, "late"));
        }

        @Test
        void activeTranscriptionStops() {
            fixture.given(plus(recordable(), initialized)).andGivenCurrentTime(LATER)
                    .when(new StopTranscription(ID, "meeting ended"))
                    .expectEvents(new TranscriptionStopped(ID, "meeting ended", LATER));
        }

        @Test
        void transcriptionStopsAfterTheMeetingEnded() {
            fixture.given(plus(recordable(), initialized, new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null,
                            true, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new StopTranscription(ID, "meeting ended"))
                    .expectEvents(new TranscriptionStopped(ID, "meeting ended", LATER))
                    .expectResultMessagePayload(7L);
        }

        @Test
        void secondStopIsANoOp() {
            expectNoOp(plus(recordable(), initialized, new TranscriptionStopped(ID, "x", T0)),
                    new StopTranscription(ID, "x"));
        }

        @Test
        void stopWithoutTranscriptionIsANoOp() {
            expectNoOp(recordable(), new StopTranscription(ID, "x"));
        }

        @Test
        void stoppedTranscriptionBecomesReady() {
            fixture.given(plus(recordable(), initialized, new TranscriptionStopped(ID, "x", T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new MarkTranscriptionReady(ID, "https://files/t.vtt"))
                    .expectEvents(new TranscriptionReady(ID, "https://files/t.vtt", LATER));
        }

        @Test
        void activeTranscriptionBecomesReady() {
            fixture.given(plus(recordable(), initialized)).andGivenCurrentTime(LATER)
                    .when(new MarkTranscriptionReady(ID, "https://files/t.vtt"))
                    .expectEvents(new TranscriptionReady(ID, "https://files/t.vtt", LATER));
        }

        @Test
        void secondReadyIsANoOp() {
            expectNoOp(plus(recordable(), initialized, new TranscriptionReady(ID, "u", T0)),
                    new MarkTranscriptionReady(ID, "u"));
        }

        @Test
        void readyWithoutTranscriptionIsANoOp() {
            expectNoOp(recordable(), new MarkTranscriptionReady(ID, "u"));
        }
    }

    @Nested
    class Recording {
        private final RecordingActivated activated = new RecordingActivated(ID, REC1, T0);
        private final RecordingStopRequested stopping = new RecordingStopRequested(ID, REC1, HOST, T0);
        private final RecordingStopped stopped = new RecordingStopped(ID, REC1, T0);

        @Test
        void startingRecordingIsActivated() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0))).andGivenCurrentTime(LATER)
                    .when(new ActivateRecording(ID, REC1))
                    .expectEvents(new RecordingActivated(ID, REC1, LATER))
                    .expectResultMessagePayload(6L);
        }

        @Test
        void activationWithoutIdTakesTheOldestStarting() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), new RecordingFailed(ID, REC1, "x", T0),
                            recordingStarted(REC2, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new ActivateRecording(ID, null))
                    .expectEvents(new RecordingActivated(ID, REC2, LATER));
        }

        @Test
        void secondActivationIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated), new ActivateRecording(ID, REC1));
        }

        @Test
        void activationOfFailedRecordingIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), new RecordingFailed(ID, REC1, "x", T0)),
                    new ActivateRecording(ID, REC1));
        }

        @Test
        void activationOfUnknownRecordingIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0)), new ActivateRecording(ID, REC2));
        }

        @Test
        void activationAfterTheEndIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), ENDED), new ActivateRecording(ID, REC1));
        }

        @Test
        void startingRecordingFails() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0))).andGivenCurrentTime(LATER)
                    .when(new FailRecording(ID, REC1, "start_recording failed"))
                    .expectEvents(new RecordingFailed(ID, REC1, "start_recording failed", LATER));
        }

        @Test
        void activeRecordingFails() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated)).andGivenCurrentTime(LATER)
                    .when(new FailRecording(ID, REC1, "broke off"))
                    .expectEvents(new RecordingFailed(ID, REC1, "broke off", LATER));
        }

        @Test
        void secondFailureIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), new RecordingFailed(ID, REC1, "x", T0)),
                    new FailRecording(ID, REC1, "x"));
        }

        /** A start failure the saga reports after the stop request must not undo it: the stop's outcome decides. */
        @Test
        void failureOfStoppingRecordingIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated, stopping),
                    new FailRecording(ID, REC1, "late"));
        }

        @Test
        void stoppingRecordingWhoseStopFailedFails() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping))
                    .andGivenCurrentTime(LATER)
                    .when(new FailStoppingRecording(ID, REC1, "Could not stop the recording: HTTP 503"))
                    .expectEvents(new RecordingFailed(ID, REC1, "Could not stop the recording: HTTP 503", LATER))
                    .expectResultMessagePayload(8L);
        }

        @Test
        void recordingTheMeetingsEndAskedToStopFailsWhenItsStopFails() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated,
                            new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, REC1, false, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new FailStoppingRecording(ID, REC1, "Could not stop the recording: HTTP 503"))
                    .expectEvents(new RecordingFailed(ID, REC1, "Could not stop the recording: HTTP 503", LATER));
        }

        @Test
        void failedStopOfARecordingNobodyAskedToStopIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated),
                    new FailStoppingRecording(ID, REC1, "Could not stop the recording: HTTP 503"));
        }

        @Test
        void failedStopAfterTheStopWasConfirmedIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped),
                    new FailStoppingRecording(ID, REC1, "Could not stop the recording: HTTP 503"));
        }

        @Test
        void stoppingRecordingIsConfirmedStopped() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping))
                    .andGivenCurrentTime(LATER)
                    .when(new ConfirmRecordingStopped(ID, REC1))
                    .expectEvents(new RecordingStopped(ID, REC1, LATER))
                    .expectResultMessagePayload(8L);
        }

        @Test
        void confirmationWithoutIdNeverStopsARecordingNobodyAskedToStop() {
            // e.g. the late recording_stopped webhook of an earlier recording while the next one runs
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated), new ConfirmRecordingStopped(ID, null));
        }

        @Test
        void recordingActiveAtTheEndIsConfirmedStopped() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated,
                            new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, REC1, false, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new ConfirmRecordingStopped(ID, REC1))
                    .expectEvents(new RecordingStopped(ID, REC1, LATER));
        }

        @Test
        void aWebhookConfirmsTheStopTheMeetingsEndAskedFor() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated,
                            new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, REC1, false, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new ConfirmRecordingStopped(ID, null))
                    .expectEvents(new RecordingStopped(ID, REC1, LATER));
        }

        @Test
        void confirmationWithoutIdTakesTheOldestStopping() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping,
                            recordingStarted(REC2, T0), new RecordingStopRequested(ID, REC2, HOST, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new ConfirmRecordingStopped(ID, null))
                    .expectEvents(new RecordingStopped(ID, REC1, LATER));
        }

        @Test
        void confirmationWithoutIdSkipsRecordingsAlreadyStopped() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped,
                            recordingStarted(REC2, T0), new RecordingStopRequested(ID, REC2, HOST, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new ConfirmRecordingStopped(ID, null))
                    .expectEvents(new RecordingStopped(ID, REC2, LATER));
        }

        @Test
        void secondConfirmationIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped),
                    new ConfirmRecordingStopped(ID, REC1));
        }

        @Test
        void confirmationOfFailedRecordingIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), new RecordingFailed(ID, REC1, "x", T0)),
                    new ConfirmRecordingStopped(ID, REC1));
        }

        @Test
        void stoppedRecordingBecomesReady() {
            Instant from = T0.plusSeconds(1);
            Instant to = T0.plusSeconds(9);
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped))
                    .andGivenCurrentTime(LATER)
                    .when(new MarkRecordingReady(ID, REC1, "https://files/a.mp4", "a.mp4", from, to))
                    .expectEvents(new RecordingReady(ID, REC1, "https://files/a.mp4", "a.mp4", from, to, LATER))
                    .expectResultMessagePayload(9L);
        }

        @Test
        void stoppingRecordingBecomesReadyBeforeTheStopIsConfirmed() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping))
                    .andGivenCurrentTime(LATER)
                    .when(new MarkRecordingReady(ID, REC1, "u", "a.mp4", null, null))
                    .expectEvents(new RecordingReady(ID, REC1, "u", "a.mp4", null, null, LATER));
        }

        @Test
        void readyWithoutIdTakesTheOldestWithoutFile() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped,
                            recordingStarted(REC2, T0), new RecordingStopRequested(ID, REC2, HOST, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new MarkRecordingReady(ID, null, "u1", "a.mp4", null, null))
                    .expectEvents(new RecordingReady(ID, REC1, "u1", "a.mp4", null, null, LATER));
        }

        @Test
        void readyWithoutIdSkipsRecordingsThatHaveTheirFile() {
            fixture.given(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped,
                            new RecordingReady(ID, REC1, "u1", "a.mp4", null, null, T0),
                            recordingStarted(REC2, T0), new RecordingStopRequested(ID, REC2, HOST, T0),
                            new RecordingStopped(ID, REC2, T0)))
                    .andGivenCurrentTime(LATER)
                    .when(new MarkRecordingReady(ID, null, "u2", "b.mp4", null, null))
                    .expectEvents(new RecordingReady(ID, REC2, "u2", "b.mp4", null, null, LATER));
        }

        @Test
        void secondReadyIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated, stopping, stopped,
                            new RecordingReady(ID, REC1, "u", "a.mp4", null, null, T0)),
                    new MarkRecordingReady(ID, REC1, "u", "a.mp4", null, null));
        }

        @Test
        void readyForActiveRecordingIsANoOp() {
            expectNoOp(plus(recordable(), recordingStarted(REC1, T0), activated),
                    new MarkRecordingReady(ID, REC1, "u", "a.mp4", null, null));
        }
    }
}
