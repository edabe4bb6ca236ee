package io.connvo.meetings.command;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.REC1;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.activeFree;
import static io.connvo.meetings.command.MeetingFixtures.freeCreated;
import static io.connvo.meetings.command.MeetingFixtures.guestAdded;
import static io.connvo.meetings.command.MeetingFixtures.hostAdded;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.recordingStarted;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.CancelMeeting;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.EndMeeting;
import io.connvo.meetings.api.command.JoinMeeting;
import io.connvo.meetings.api.command.LeaveMeeting;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.command.StartRecording;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.ParticipantRole;
import java.time.Duration;
import org.axonframework.deadline.DeadlineMessage;
import org.hamcrest.Matcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meeting's guards: deadlines scheduled by its commands, fired by moving the fixture's clock. */
class GuardsTest {

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture(GuardProperties.defaults());
    }

    private static Instant at(Duration after) {
        return T0.plus(after);
    }

    // ---- maximum duration

    @Test
    void startingSchedulesTheMaximumDuration() {
        fixture.given(freeCreated(), hostAdded()).andGivenCurrentTime(T0)
                .when(new StartMeeting(ID, HOST))
                .expectScheduledDeadlineWithName(Duration.ofHours(4), Meeting.MAX_DURATION_GUARD);
    }

    @Test
    void anActiveMeetingEndsAtItsMaximumDuration() {
        fixture.givenCurrentTime(T0).andGiven(freeCreated(), hostAdded()).andGivenCommands(new StartMeeting(ID, HOST))
                .andGivenCommands(new JoinMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofHours(4))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD, Meeting.MAX_DURATION_GUARD)
                .expectEvents(new MeetingEnded(ID, Meeting.GUARD, VideoProvider.WEBRTC, null, true,
                        at(Duration.ofHours(4))),
                        new TranscriptionStopped(ID, TranscriptionStopped.MEETING_ENDED, at(Duration.ofHours(4))));
    }

    @Test
    void aMeetingEndsAtItsOwnMaximumDuration() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(new CreateMeeting(ID, HOST, "Short", null, null, 4, false, Tier.FREE, 30),
                        new StartMeeting(ID, HOST), new JoinMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofMinutes(30))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD, Meeting.MAX_DURATION_GUARD)
                .expectEvents(new MeetingEnded(ID, Meeting.GUARD, VideoProvider.WEBRTC, null, true,
                        at(Duration.ofMinutes(30))),
                        new TranscriptionStopped(ID, TranscriptionStopped.MEETING_ENDED, at(Duration.ofMinutes(30))));
    }

    @Test
    void aMeetingsOwnMaximumDurationIsKeptWithIt() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "Short", null, null, 4, false, Tier.FREE, 240))
                .expectEvents(new MeetingCreated(ID, HOST, "Short", null, null, Tier.FREE, VideoProvider.WEBRTC, 4,
                                false, T0, Duration.ofHours(4)),
                        new ParticipantAdded(ID, HOST, ParticipantRole.HOST, HOST, T0));
    }

    @Test
    void aMeetingsOwnMaximumDurationCannotExceedTheConfiguredOne() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "Long", null, null, 4, false, Tier.FREE, 241))
                .expectNoEvents()
                .expectExceptionDetails(MeetingFixtures.validation("maxDurationMinutes",
                        "maxDurationMinutes must be at most 240, the maximum meeting duration"));
    }

    @Test
    void aMeetingsOwnMaximumDurationIsAtLeastAMinute() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "None", null, null, 4, false, Tier.FREE, 0))
                .expectNoEvents()
                .expectExceptionDetails(MeetingFixtures.validation("maxDurationMinutes",
                        "maxDurationMinutes must be at least 1"));
    }

    @Test
    void aMeetingEndedByItsHostIsLeftAlone() {
        fixture.givenCurrentTime(T0).andGiven(freeCreated(), hostAdded()).andGivenCommands(new StartMeeting(ID, HOST),
                        new JoinMeeting(ID, HOST),
                        new EndMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofHours(5))
                .expectNoEvents();
    }

    // ---- empty room

    @Test
    void aMeetingNobodyEntersEndsAfterTheEmptyRoomTimeout() {
        fixture.givenCurrentTime(T0).andGiven(freeCreated(), hostAdded()).andGivenCommands(new StartMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofMinutes(15))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD)
                .expectEvents(new MeetingEnded(ID, Meeting.GUARD, VideoProvider.WEBRTC, null, true,
                        at(Duration.ofMinutes(15))),
                        new TranscriptionStopped(ID, TranscriptionStopped.MEETING_ENDED, at(Duration.ofMinutes(15))));
    }

    @Test
    void theLastOneLeavingStartsTheEmptyRoomClockAgain() {
        List<Object> given = new ArrayList<>(activeFree());
        given.add(new ParticipantJoined(ID, GUEST, T0));
        fixture.given(given).andGivenCurrentTime(at(Duration.ofMinutes(10)))
                .when(new LeaveMeeting(ID, GUEST))
                .expectEvents(new ParticipantLeft(ID, GUEST, at(Duration.ofMinutes(10))))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(15), Meeting.EMPTY_ROOM_GUARD);
    }

    @Test
    void someoneComingBackKeepsTheMeetingRunning() {
        fixture.givenCurrentTime(T0).andGiven(freeCreated(), hostAdded(), guestAdded())
                .andGivenCommands(new StartMeeting(ID, HOST))
                .andGiven(new ParticipantJoined(ID, GUEST, at(Duration.ofMinutes(5))))
                .whenThenTimeElapses(Duration.ofMinutes(30))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD)
                .expectNoEvents();
    }

    @Test
    void anEarlierEmptySpellDoesNotEndALaterOne() {
        // empty from the start (guard due at 15 min); the guest was present from 5 to 10 min: empty only since 10
        fixture.givenCurrentTime(T0).andGiven(freeCreated(), hostAdded(), guestAdded())
                .andGivenCommands(new StartMeeting(ID, HOST))
                .andGiven(new ParticipantJoined(ID, GUEST, at(Duration.ofMinutes(5))),
                        new ParticipantLeft(ID, GUEST, at(Duration.ofMinutes(10))))
                .whenThenTimeAdvancesTo(at(Duration.ofMinutes(20)))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD)
                .expectNoEvents();
    }

    // ---- no-show

    @Test
    void aMeetingNotStartedWithinTheGraceAfterItsScheduledTimeIsCancelled() {
        Instant scheduled = at(Duration.ofHours(2));
        fixture.givenCurrentTime(T0).andGivenCommands(new CreateMeeting(ID, HOST, "Later", null, scheduled, 4, false, Tier.FREE, null))
                .whenThenTimeAdvancesTo(scheduled.plus(Duration.ofHours(24)))
                .expectTriggeredDeadlinesWithName(Meeting.NO_SHOW_GUARD)
                .expectEvents(new MeetingCancelled(ID, Meeting.GUARD, "Not started in time: cancelled as a no-show",
                        scheduled.plus(Duration.ofHours(24))));
    }

    @Test
    void aStartedMeetingIsNoNoShow() {
        fixture.givenCurrentTime(T0).andGivenCommands(new CreateMeeting(ID, HOST, "Now", null, null, 4, false, Tier.FREE, null),
                        new StartMeeting(ID, HOST), new JoinMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofHours(3))
                .expectNoEvents();
    }

    // ---- recordings

    @Test
    void aRecordingStillStartingAfterTheBoundFails() {
        fixture.givenCurrentTime(T0).andGiven(recordable())
                .andGivenCommands(new StartRecording(ID, HOST, REC1, null))
                .whenThenTimeElapses(Duration.ofSeconds(60))
                .expectTriggeredDeadlinesWithName(Recording.START_GUARD)
                .expectEvents(new RecordingFailed(ID, REC1, "The provider did not start the recording in time",
                        at(Duration.ofSeconds(60))));
    }

    @Test
    void aRecordingThatBecameActiveIsNotFailedByTheStartGuard() {
        fixture.givenCurrentTime(T0).andGiven(recordable())
                .andGivenCommands(new StartRecording(ID, HOST, REC1, null), new ActivateRecording(ID, REC1))
                .whenThenTimeElapses(Duration.ofMinutes(5))
                .expectNoEvents();
    }

    @Test
    void aForgottenRecordingIsStoppedAfterTheMaximumRecordingDuration() {
        fixture.givenCurrentTime(T0).andGiven(recordable()).andGiven(new ParticipantJoined(ID, HOST, T0))
                .andGivenCommands(new StartRecording(ID, HOST, REC1, null), new ActivateRecording(ID, REC1))
                .whenThenTimeElapses(Duration.ofHours(3))
                .expectTriggeredDeadlinesWithName(Recording.START_GUARD, Recording.DURATION_GUARD)
                .expectEvents(new RecordingStopRequested(ID, REC1, Meeting.GUARD, at(Duration.ofHours(3))));
    }

    @Test
    void guardsUseTheConfiguredLimits() {
        MeetingFixtures.fixture(new GuardProperties(Duration.ofMinutes(30), Duration.ofMinutes(1),
                        Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ZERO))
                .given(freeCreated(), hostAdded()).andGivenCurrentTime(T0)
                .when(new StartMeeting(ID, HOST))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(30), Meeting.MAX_DURATION_GUARD)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(1), Meeting.EMPTY_ROOM_GUARD);
    }

    @Test
    void aZeroLimitTurnsItsGuardOff() {
        MeetingFixtures.fixture(GuardProperties.off())
                .given(freeCreated(), hostAdded()).andGivenCurrentTime(T0)
                .when(new StartMeeting(ID, HOST))
                .expectNoScheduledDeadlines();
    }

    // ---- a meeting that is over cancels its own guards

    private static CreateMeeting paidCreation() {
        return new CreateMeeting(ID, HOST, "Standup", null, null, 10, true, Tier.PAID, null);
    }

    @Test
    void endingTheMeetingCancelsItsGuards() {
        fixture.givenCurrentTime(T0).andGivenCommands(paidCreation(), new StartMeeting(ID, HOST))
                .when(new EndMeeting(ID, HOST))
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancellingTheMeetingCancelsItsNoShowGuard() {
        fixture.givenCurrentTime(T0).andGivenCommands(paidCreation())
                .when(new CancelMeeting(ID, HOST, null))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aGuardThatEndsTheMeetingCancelsTheOthers() {
        fixture.givenCurrentTime(T0).andGivenCommands(paidCreation(), new StartMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofMinutes(15))
                .expectTriggeredDeadlinesWithName(Meeting.EMPTY_ROOM_GUARD)
                .expectNoScheduledDeadlines();
    }

    @Test
    void endingTheMeetingCancelsItsOwnGuardsButNotItsRecordingsGuard() {
        fixture.givenCurrentTime(T0).andGivenCommands(paidCreation(), new StartMeeting(ID, HOST))
                .andGiven(new VideoRoomProvisioned(ID, MeetingFixtures.ROOM, T0))
                .andGivenCommands(new StartRecording(ID, HOST, REC1, RecordingConfig.defaults()))
                .when(new EndMeeting(ID, HOST))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(60), Recording.START_GUARD)
                .expectNoScheduledDeadlineMatching(deadlineNamed(Meeting.MAX_DURATION_GUARD))
                .expectNoScheduledDeadlineMatching(deadlineNamed(Meeting.EMPTY_ROOM_GUARD))
                .expectNoScheduledDeadlineMatching(deadlineNamed(Meeting.NO_SHOW_GUARD));
    }

    @Test
    void aRecordingTheMeetingsEndStoppedIsNotStoppedAgainByItsGuard() {
        fixture.givenCurrentTime(T0).andGivenCommands(paidCreation(), new StartMeeting(ID, HOST))
                .andGiven(new VideoRoomProvisioned(ID, MeetingFixtures.ROOM, T0))
                .andGivenCommands(new StartRecording(ID, HOST, REC1, RecordingConfig.defaults()),
                        new ActivateRecording(ID, REC1), new EndMeeting(ID, HOST))
                .whenThenTimeElapses(Duration.ofHours(3))
                .expectTriggeredDeadlinesWithName(Recording.START_GUARD, Recording.DURATION_GUARD)
                .expectNoEvents();
    }

    private static Matcher<DeadlineMessage<?>> deadlineNamed(String name) {
        return predicate(deadline -> name.equals(deadline.getDeadlineName()));
    }
}
