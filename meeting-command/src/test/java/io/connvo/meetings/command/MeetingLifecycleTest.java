package io.connvo.meetings.command;

import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.CancelMeeting;
import io.connvo.meetings.api.command.EndMeeting;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionStopped;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.NOT_FOUND;
import static io.connvo.meetings.command.MeetingFixtures.REC1;
import static io.connvo.meetings.command.MeetingFixtures.STRANGER;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.activeFree;
import static io.connvo.meetings.command.MeetingFixtures.details;
import static io.connvo.meetings.command.MeetingFixtures.freeCreated;
import static io.connvo.meetings.command.MeetingFixtures.guestAdded;
import static io.connvo.meetings.command.MeetingFixtures.hostAdded;
import static io.connvo.meetings.command.MeetingFixtures.paidCreated;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.recordingStarted;
import static io.connvo.meetings.command.MeetingFixtures.validation;

/** startMeeting, endMeeting, cancelMeeting, and access to an unknown meeting. */
class MeetingLifecycleTest {

    private static final Instant LATER = T0.plusSeconds(300);

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    private List<Object> scheduledPaid() {
        return List.of(paidCreated(), hostAdded(), guestAdded());
    }

    @Test
    void hostStartsScheduledMeeting() {
        fixture.given(scheduledPaid()).andGivenCurrentTime(LATER)
                .when(new StartMeeting(ID, HOST))
                .expectEvents(new MeetingStarted(ID, HOST, HOST, "Standup", Tier.PAID, VideoProvider.GETSTREAM, 10,
                        List.of(HOST, GUEST), LATER))
                .expectResultMessagePayload(3L);
    }

    @Test
    void startOfWebRtcMeetingCarriesItsProviderAndCapAndOpensItsLocalTranscription() {
        fixture.given(freeCreated(), hostAdded()).andGivenCurrentTime(LATER)
                .when(new StartMeeting(ID, HOST))
                .expectEvents(new MeetingStarted(ID, HOST, HOST, "Standup", Tier.FREE, VideoProvider.WEBRTC, 4,
                                List.of(HOST), LATER),
                        new TranscriptionInitialized(ID, "whisper", "whisper_meeting_abc", LATER))
                .expectResultMessagePayload(3L);
    }

    /** The local session closes with the meeting, in the same unit of work; no saga has to stop it. */
    @Test
    void endOfWebRtcMeetingStopsItsLocalTranscription() {
        fixture.given(freeCreated(), hostAdded()).andGivenCommands(new StartMeeting(ID, HOST)).andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, HOST))
                .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.WEBRTC, null, true, LATER),
                        new TranscriptionStopped(ID, TranscriptionStopped.MEETING_ENDED, LATER))
                .expectResultMessagePayload(5L);
    }

    /** A free meeting started before its start opened the transcription: the saga's command opened it later. */
    @Test
    void webRtcMeetingStartedBeforeTheLocalTranscriptionMovedIntoTheStartStopsItAtTheEndToo() {
        fixture.given(activeFree())
                .andGiven(new TranscriptionInitialized(ID, "whisper", "whisper_meeting_abc", T0))
                .andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, HOST))
                .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.WEBRTC, null, true, LATER),
                        new TranscriptionStopped(ID, TranscriptionStopped.MEETING_ENDED, LATER))
                .expectResultMessagePayload(6L);
    }

    /** A saga stored by the version that stopped the local session at the end may still send its stop: a no-op. */
    @Test
    void aStopOfTheLocalTranscriptionAfterTheEndChangesNothing() {
        fixture.given(freeCreated(), hostAdded()).andGivenCommands(new StartMeeting(ID, HOST), new EndMeeting(ID, HOST))
                .when(new StopTranscription(ID, TranscriptionStopped.MEETING_ENDED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(5L);
    }

    /** Transcription at GetStream is the saga's to stop (it calls GetStream first): the end leaves it to it. */
    @Test
    void endOfGetStreamMeetingLeavesItsTranscriptionToTheSaga() {
        fixture.given(scheduledPaid()).andGivenCommands(new StartMeeting(ID, HOST),
                        new InitializeTranscription(ID, TranscriptionInitialized.GETSTREAM_PROVIDER, "default:meeting_abc"))
                .andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, HOST))
                .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, true, LATER));
    }

    /** Started before, and the saga's command still on its way: it opens the session as it did. */
    @Test
    void webRtcMeetingStartedBeforeStillTakesTheSagasTranscriptionCommand() {
        fixture.given(activeFree()).andGivenCurrentTime(LATER)
                .when(new InitializeTranscription(ID, "whisper", "whisper_meeting_abc"))
                .expectEvents(new TranscriptionInitialized(ID, "whisper", "whisper_meeting_abc", LATER))
                .expectResultMessagePayload(4L);
    }

    @Test
    void theSagasCommandAfterTheStartOpenedTheTranscriptionChangesNothing() {
        fixture.given(freeCreated(), hostAdded()).andGivenCommands(new StartMeeting(ID, HOST))
                .when(new InitializeTranscription(ID, "whisper", "whisper_meeting_abc"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(3L);
    }

    @Test
    void startByParticipantIsNotPermitted() {
        fixture.given(scheduledPaid())
                .when(new StartMeeting(ID, GUEST))
                .expectNoEvents()
                .expectException(MeetingException.class)
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can start the meeting"));
    }

    @Test
    void startByStrangerLooksLikeAnUnknownMeeting() {
        fixture.given(scheduledPaid())
                .when(new StartMeeting(ID, STRANGER))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    /** The command bus makes it the domain's NOT_FOUND ({@link FailureTranslationTest}). */
    @Test
    void unknownMeetingIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new StartMeeting(ID, HOST))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void startOfActiveMeetingIsRejected() {
        fixture.given(recordable())
                .when(new StartMeeting(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting is already active"));
    }

    @Test
    void startOfConcludedMeetingIsRejected() {
        fixture.given(recordable()).andGiven(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, T0))
                .when(new StartMeeting(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Cannot start a concluded or cancelled meeting"));
    }

    @Test
    void startOfCancelledMeetingIsRejected() {
        fixture.given(scheduledPaid()).andGiven(new MeetingCancelled(ID, HOST, null, T0))
                .when(new StartMeeting(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Cannot start a concluded or cancelled meeting"));
    }

    @Test
    void hostEndsActiveMeeting() {
        fixture.given(recordable()).andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, HOST))
                .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, LATER))
                .expectResultMessagePayload(5L);
    }

    @Test
    void endRecordsTheRecordingInProgressAndActiveTranscription() {
        fixture.given(recordable())
                .andGiven(new TranscriptionInitialized(ID, "getstream", "s1", T0),
                        recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0))
                .andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, HOST))
                .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, REC1, true, LATER))
                .expectResultMessagePayload(8L);
    }

    @Test
    void endAfterTheRecordingWasStoppedRecordsNone() {
        RecordingId stopped = REC1;
        fixture.given(recordable())
                .andGiven(recordingStarted(stopped, T0), new RecordingStopRequested(ID, stopped, HOST, T0))
                .andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, HOST))
                .expectEvents(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, LATER));
    }

    @Test
    void endByParticipantIsNotPermitted() {
        fixture.given(recordable())
                .when(new EndMeeting(ID, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can end the meeting"));
    }

    @Test
    void endByStrangerIsNotFound() {
        fixture.given(recordable())
                .when(new EndMeeting(ID, STRANGER))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void endOfScheduledMeetingIsRejected() {
        fixture.given(scheduledPaid())
                .when(new EndMeeting(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting has not started yet"));
    }

    @Test
    void endOfConcludedMeetingIsRejected() {
        fixture.given(recordable()).andGiven(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, T0))
                .when(new EndMeeting(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting is already concluded or cancelled"));
    }

    @Test
    void hostCancelsScheduledMeeting() {
        fixture.given(scheduledPaid()).andGivenCurrentTime(LATER)
                .when(new CancelMeeting(ID, HOST, "  moved  "))
                .expectEvents(new MeetingCancelled(ID, HOST, "moved", LATER))
                .expectResultMessagePayload(3L);
    }

    @Test
    void cancelByParticipantIsNotPermitted() {
        fixture.given(scheduledPaid())
                .when(new CancelMeeting(ID, GUEST, null))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can cancel the meeting"));
    }

    @Test
    void cancelByStrangerIsNotFound() {
        fixture.given(scheduledPaid())
                .when(new CancelMeeting(ID, STRANGER, null))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void cancelOfActiveMeetingIsRejected() {
        fixture.given(recordable())
                .when(new CancelMeeting(ID, HOST, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("Cannot cancel a meeting that has started"));
    }

    @Test
    void cancelOfCancelledMeetingIsRejected() {
        fixture.given(scheduledPaid()).andGiven(new MeetingCancelled(ID, HOST, null, T0))
                .when(new CancelMeeting(ID, HOST, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting is already concluded or cancelled"));
    }

    @Test
    void cancelWithOverlongReasonIsRejected() {
        fixture.given(scheduledPaid())
                .when(new CancelMeeting(ID, HOST, "r".repeat(501)))
                .expectNoEvents()
                .expectExceptionDetails(validation("reason", "Reason must be at most 500 characters"));
    }
}
