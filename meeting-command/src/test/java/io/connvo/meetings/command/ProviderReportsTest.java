package io.connvo.meetings.command;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.REC1;
import static io.connvo.meetings.command.MeetingFixtures.REC2;
import static io.connvo.meetings.command.MeetingFixtures.STRANGER;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.details;
import static io.connvo.meetings.command.MeetingFixtures.freeCreated;
import static io.connvo.meetings.command.MeetingFixtures.guestAdded;
import static io.connvo.meetings.command.MeetingFixtures.hostAdded;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.recordingStarted;
import static io.connvo.meetings.command.MeetingFixtures.started;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmCallSessionEnded;
import io.connvo.meetings.api.command.ConfirmParticipantJoined;
import io.connvo.meetings.api.command.ConfirmParticipantLeft;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What GetStream reports through webhooks: presence ordered by GetStream's own event time per participant, recording
 * files that arrive before the stop is confirmed, recording failures, and each webhook applied at most once.
 */
class ProviderReportsTest {

    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant T3 = T0.plusSeconds(180);

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    private static List<Object> active(Object... more) {
        List<Object> events = new ArrayList<>(recordable());
        events.addAll(List.of(more));
        return events;
    }

    private static Map<String, ?> webhook(String id) {
        return Map.of(HandleGetStreamWebhook.WEBHOOK_ID, id);
    }

    // ---- presence

    @Test
    void aJoinReportedByTheProviderIsAPresenceChangeAtTheProvidersTime() {
        fixture.given(active()).andGivenCurrentTime(T3)
                .when(new ConfirmParticipantJoined(ID, GUEST, T1))
                .expectEvents(new ParticipantJoined(ID, GUEST, T1));
    }

    @Test
    void aLateLeftNeverUndoesANewerJoin() {
        fixture.given(active(new ParticipantJoined(ID, GUEST, T1), new ParticipantLeft(ID, GUEST, T2),
                        new ParticipantJoined(ID, GUEST, T3)))
                .when(new ConfirmParticipantLeft(ID, GUEST, T2.plusSeconds(30)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLeftArrivingBeforeItsJoinIsRecordedAndTheLateJoinChangesNothing() {
        fixture.given(active())
                .when(new ConfirmParticipantLeft(ID, GUEST, T2))
                .expectEvents(new ParticipantLeft(ID, GUEST, T2));
        fixture.given(active(new ParticipantLeft(ID, GUEST, T2)))
                .when(new ConfirmParticipantJoined(ID, GUEST, T1))
                .expectNoEvents();
    }

    @Test
    void aRepeatedReportChangesNothing() {
        fixture.given(active(new ParticipantJoined(ID, GUEST, T1)))
                .when(new ConfirmParticipantJoined(ID, GUEST, T1))
                .expectNoEvents();
        fixture.given(active(new ParticipantJoined(ID, GUEST, T1), new ParticipantLeft(ID, GUEST, T2)))
                .when(new ConfirmParticipantLeft(ID, GUEST, T2))
                .expectNoEvents();
    }

    @Test
    void aNewerJoinOfSomeoneAlreadyPresentIsRecordedSoThatAnOlderLeftStaysLate() {
        fixture.given(active(new ParticipantJoined(ID, GUEST, T1)))
                .when(new ConfirmParticipantJoined(ID, GUEST, T3))
                .expectEvents(new ParticipantJoined(ID, GUEST, T3));
    }

    @Test
    void theCapDoesNotRefuseSomeoneTheProviderAlreadyLetIn() {
        fixture.given(freeCreated(), hostAdded(), guestAdded(), started(Tier.FREE, VideoProvider.WEBRTC, 1),
                        new ParticipantJoined(ID, HOST, T0))
                .when(new ConfirmParticipantJoined(ID, GUEST, T1))
                .expectEvents(new ParticipantJoined(ID, GUEST, T1));
    }

    @Test
    void someoneWhoIsNotAParticipantIsNotFoundAndNothingChanges() {
        fixture.given(active())
                .when(new ConfirmParticipantJoined(ID, STRANGER, T1))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.NOT_FOUND, "Participant not found"));
        fixture.given(active(new ParticipantJoined(ID, GUEST, T1), new ParticipantLeft(ID, GUEST, T1),
                        new ParticipantRemoved(ID, GUEST, HOST, T1)))
                .when(new ConfirmParticipantLeft(ID, GUEST, T2))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.NOT_FOUND, "Participant not found"));
    }

    @Test
    void aJoinAfterTheMeetingEndedChangesNothing() {
        fixture.given(active(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, T1)))
                .when(new ConfirmParticipantJoined(ID, GUEST, T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theEndOfTheCallSessionMakesEveryonePresentLeaveUnlessTheyChangedLater() {
        fixture.given(active(new ParticipantJoined(ID, HOST, T0), new ParticipantJoined(ID, GUEST, T3)))
                .when(new ConfirmCallSessionEnded(ID, T2))
                .expectEvents(new ParticipantLeft(ID, HOST, T2));
        fixture.given(active(new ParticipantJoined(ID, HOST, T0), new ParticipantLeft(ID, HOST, T2)))
                .when(new ConfirmCallSessionEnded(ID, T2))
                .expectNoEvents();
    }

    @Test
    void theLastLeftReportedByTheProviderStartsTheEmptyRoomClockAtItsTime() {
        fixture = MeetingFixtures.fixture(GuardProperties.defaults());
        fixture.given(active(new ParticipantJoined(ID, GUEST, T0))).andGivenCurrentTime(T1)
                .when(new ConfirmParticipantLeft(ID, GUEST, T1))
                .expectEvents(new ParticipantLeft(ID, GUEST, T1))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(15), Meeting.EMPTY_ROOM_GUARD);
    }

    @Test
    void aMeetingTheProviderSawEmptyEndsAfterTheEmptyRoomTimeout() {
        fixture = MeetingFixtures.fixture(GuardProperties.defaults());
        fixture.givenCurrentTime(T0).andGiven(active(new ParticipantJoined(ID, GUEST, T0)))
                .andGivenCommands(new ConfirmParticipantLeft(ID, GUEST, T1))
                .whenThenTimeAdvancesTo(T1.plus(Duration.ofMinutes(15)))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD)
                .expectEvents(new MeetingEnded(ID, Meeting.GUARD, VideoProvider.GETSTREAM, null, false,
                        T1.plus(Duration.ofMinutes(15))));
    }

    // ---- recording files before the stop

    @Test
    void aFileReadyBeforeTheProviderConfirmedTheStopStopsTheRecordingAndMakesItReady() {
        fixture.given(active(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0))).andGivenCurrentTime(T2)
                .when(new MarkRecordingReady(ID, null, "https://files/a.mp4", "a.mp4", T0, T1))
                .expectEvents(new RecordingStopped(ID, REC1, T2),
                        new RecordingReady(ID, REC1, "https://files/a.mp4", "a.mp4", T0, T1, T2));
    }

    @Test
    void theStopConfirmedAfterTheFileChangesNothing() {
        fixture.given(active(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0),
                        new RecordingStopped(ID, REC1, T1), new RecordingReady(ID, REC1, "https://files/a.mp4", "a.mp4", T0, T1, T1)))
                .when(new ConfirmRecordingStopped(ID, null))
                .expectNoEvents();
    }

    @Test
    void theSameFileReportedAgainIsNoNewsEvenWhileALaterRecordingRuns() {
        fixture.given(active(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0),
                        new RecordingStopRequested(ID, REC1, HOST, T1), new RecordingStopped(ID, REC1, T1),
                        new RecordingReady(ID, REC1, "https://files/a.mp4", "a.mp4", T0, T1, T1),
                        recordingStarted(REC2, T2), new RecordingActivated(ID, REC2, T2)))
                .when(new MarkRecordingReady(ID, null, "https://files/a.mp4", "a.mp4", T0, T1))
                .expectNoEvents();
    }

    // ---- recording failures: about the oldest recording the provider may still have

    @Test
    void aFailureReportedWhileTheStopIsPendingFailsTheStoppingRecording() {
        fixture.given(active(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0),
                        new RecordingStopRequested(ID, REC1, HOST, T1)))
                .andGivenCurrentTime(T2)
                .when(new FailRecording(ID, null, "GetStream reported the recording failed"))
                .expectEvents(new RecordingFailed(ID, REC1, "GetStream reported the recording failed", T2));
    }

    @Test
    void aFailureReportedWhileAnOlderRecordingIsStoppingIsAboutThatOneNotTheOneRunning() {
        fixture.given(active(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0),
                        new RecordingStopRequested(ID, REC1, HOST, T1), recordingStarted(REC2, T1),
                        new RecordingActivated(ID, REC2, T1)))
                .andGivenCurrentTime(T2)
                .when(new FailRecording(ID, null, "GetStream reported the recording failed"))
                .expectEvents(new RecordingFailed(ID, REC1, "GetStream reported the recording failed", T2));
    }

    @Test
    void aFailureReportedAfterTheStopWasConfirmedIsAboutTheNextRecording() {
        fixture.given(active(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0),
                        new RecordingStopRequested(ID, REC1, HOST, T1), new RecordingStopped(ID, REC1, T1),
                        recordingStarted(REC2, T1)))
                .andGivenCurrentTime(T2)
                .when(new FailRecording(ID, null, "GetStream reported the recording failed"))
                .expectEvents(new RecordingFailed(ID, REC2, "GetStream reported the recording failed", T2));
    }

    // ---- each webhook once

    @Test
    void aRedeliveredWebhookIsNotAppliedAgainToALaterRecording() {
        List<Object> given = active(recordingStarted(REC1, T0),
                GenericEventMessage.asEventMessage(new RecordingActivated(ID, REC1, T0)).andMetaData(webhook("wh-1")),
                new RecordingStopRequested(ID, REC1, HOST, T1), new RecordingStopped(ID, REC1, T1),
                recordingStarted(REC2, T2));
        fixture.given(given)
                .when(new ActivateRecording(ID, null), webhook("wh-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(given).andGivenCurrentTime(T3)
                .when(new ActivateRecording(ID, null), webhook("wh-2"))
                .expectEvents(new RecordingActivated(ID, REC2, T3));
    }

    @Test
    void theEventsAWebhookAppliesNameIt() {
        fixture.given(active())
                .when(new ConfirmParticipantJoined(ID, GUEST, T1), webhook("wh-7"))
                .expectEventsMatching(exactSequenceOf(
                        predicate((EventMessage<?> event) -> "wh-7".equals(event.getMetaData().get(HandleGetStreamWebhook.WEBHOOK_ID))),
                        andNoMore()));
    }
}
