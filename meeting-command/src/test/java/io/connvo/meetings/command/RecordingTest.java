package io.connvo.meetings.command;

import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RecordingQuality;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.StartRecording;
import io.connvo.meetings.api.command.StopRecording;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.NOT_FOUND;
import static io.connvo.meetings.command.MeetingFixtures.REC1;
import static io.connvo.meetings.command.MeetingFixtures.REC2;
import static io.connvo.meetings.command.MeetingFixtures.ROOM;
import static io.connvo.meetings.command.MeetingFixtures.STRANGER;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.activeFree;
import static io.connvo.meetings.command.MeetingFixtures.details;
import static io.connvo.meetings.command.MeetingFixtures.guestAdded;
import static io.connvo.meetings.command.MeetingFixtures.hostAdded;
import static io.connvo.meetings.command.MeetingFixtures.paidCreated;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.recordingStarted;
import static io.connvo.meetings.command.MeetingFixtures.started;
import static io.connvo.meetings.command.MeetingFixtures.validation;

/** startRecording and stopRecording, including the sliding-window rate limit on the message clock. */
class RecordingTest {

    private static final Instant LATER = T0.plusSeconds(600);
    private static final String FREE_TIER = "Recording not available for WebRTC meetings (free tier)";

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    private static StartRecording start(RecordingId id) {
        return new StartRecording(ID, HOST, id, null);
    }

    @Test
    void hostStartsRecordingWithDefaults() {
        fixture.given(recordable()).andGivenCurrentTime(LATER)
                .when(start(REC1))
                .expectEvents(new RecordingStarted(ID, REC1, HOST, RecordingConfig.defaults(), ROOM, LATER))
                .expectResultMessagePayload(5L);
    }

    @Test
    void recordingCarriesTheRequestedConfig() {
        RecordingConfig config = new RecordingConfig(RecordingMode.AVAILABLE, true, RecordingQuality.P1080,
                RecordingLayout.SPOTLIGHT);
        fixture.given(recordable()).andGivenCurrentTime(LATER)
                .when(new StartRecording(ID, HOST, REC1, config))
                .expectEvents(new RecordingStarted(ID, REC1, HOST, config, ROOM, LATER));
    }

    @Test
    void participantCannotStartRecording() {
        fixture.given(recordable())
                .when(new StartRecording(ID, GUEST, REC1, null))
                .expectNoEvents()
                .expectException(MeetingException.class)
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can start a recording"));
    }

    @Test
    void strangerCannotStartRecording() {
        fixture.given(recordable())
                .when(new StartRecording(ID, STRANGER, REC1, null))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void webRtcMeetingCannotRecord() {
        fixture.given(activeFree())
                .when(start(REC1))
                .expectNoEvents()
                .expectExceptionDetails(validation(FREE_TIER));
    }

    @Test
    void meetingThatFellBackToWebRtcCannotRecord() {
        fixture.given(paidCreated(), hostAdded(), started(Tier.PAID, VideoProvider.GETSTREAM, 10),
                        new VideoRoomProvisioningFailed(ID, "down", 5, VideoProvider.WEBRTC, "webrtc_" + ID, 4, T0))
                .when(start(REC1))
                .expectNoEvents()
                .expectExceptionDetails(validation(FREE_TIER));
    }

    @Test
    void scheduledMeetingCannotRecord() {
        fixture.given(paidCreated(), hostAdded())
                .when(start(REC1))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting is not active"));
    }

    @Test
    void concludedMeetingCannotRecord() {
        fixture.given(recordable()).andGiven(new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, null, false, T0))
                .when(start(REC1))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting is not active"));
    }

    @Test
    void recordingWaitsForTheVideoRoom() {
        fixture.given(paidCreated(), hostAdded(), guestAdded(), started(Tier.PAID, VideoProvider.GETSTREAM, 10))
                .when(start(REC1))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "Video room is not ready yet"));
    }

    @Test
    void disabledModeIsAValidationError() {
        fixture.given(recordable())
                .when(new StartRecording(ID, HOST, REC1, new RecordingConfig(RecordingMode.DISABLED, null, null, null)))
                .expectNoEvents()
                .expectExceptionDetails(validation("recordingConfig.mode", "Recording mode 'disabled' cannot be started"));
    }

    @Test
    void missingRecordingIdIsAValidationError() {
        fixture.given(recordable())
                .when(start(null))
                .expectNoEvents()
                .expectExceptionDetails(validation("recordingId", "recordingId is required"));
    }

    @Test
    void recordingInProgressIsAConflict() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0))
                .when(start(REC2))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "A recording is already in progress",
                        "recordingId", REC1.value()));
    }

    @Test
    void recordingStillStartingIsAConflict() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0))
                .when(start(REC2))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "A recording is already in progress",
                        "recordingId", REC1.value()));
    }

    @Test
    void aStoppingRecordingIsNoLongerInProgress() {
        fixture.given(recordable())
                .andGiven(recordingStarted(REC1, T0), new RecordingStopRequested(ID, REC1, HOST, T0))
                .andGivenCurrentTime(LATER)
                .when(start(REC2))
                .expectEvents(new RecordingStarted(ID, REC2, HOST, RecordingConfig.defaults(), ROOM, LATER));
    }

    @Test
    void reusedRecordingIdIsAConflict() {
        fixture.given(recordable())
                .andGiven(recordingStarted(REC1, T0), new RecordingFailed(ID, REC1, "boom", T0))
                .andGivenCurrentTime(LATER)
                .when(start(REC1))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "Recording id is already used",
                        "recordingId", REC1.value()));
    }

    // ---- rate limit: at most 3 accepted starts in any sliding 60-second window -------------------------

    private static RecordingId rec(int i) {
        return new RecordingId("recording_r" + i);
    }

    /**
     * Three starts through real commands at T0, T0+10s and T0+20s (the clock moved between them), each stopped
     * or failed right away so that none is in progress.
     */
    private TestExecutor<Meeting> threeStartsInTwentySeconds() {
        return fixture.givenCurrentTime(T0).andGiven(recordable())
                .andGivenCommands(start(rec(1)), new StopRecording(ID, HOST))
                .andGivenCurrentTime(T0.plusSeconds(10))
                .andGivenCommands(start(rec(2)))
                .andGiven(new RecordingFailed(ID, rec(2), "provider error", T0.plusSeconds(10)))
                .andGivenCurrentTime(T0.plusSeconds(20))
                .andGivenCommands(start(rec(3)), new StopRecording(ID, HOST));
    }

    @Test
    void thirdStartInTheWindowPasses() {
        fixture.givenCurrentTime(T0).andGiven(recordable())
                .andGivenCommands(start(rec(1)), new StopRecording(ID, HOST))
                .andGivenCurrentTime(T0.plusSeconds(10))
                .andGivenCommands(start(rec(2)), new StopRecording(ID, HOST))
                .andGivenCurrentTime(T0.plusSeconds(20))
                .when(start(rec(3)))
                .expectEvents(new RecordingStarted(ID, rec(3), HOST, RecordingConfig.defaults(), ROOM,
                        T0.plusSeconds(20)))
                .expectResultMessagePayload(9L);
    }

    @Test
    void fourthStartInTheWindowIsRateLimitedUntilTheOldestLeaves() {
        threeStartsInTwentySeconds()
                .andGivenCurrentTime(T0.plusSeconds(30))
                .when(start(rec(4)))
                .expectNoEvents()
                .expectException(MeetingException.class)
                .expectExceptionDetails(details(ErrorCode.RATE_LIMIT_EXCEEDED,
                        "Too many recordings started; at most 3 per 60 seconds", "retryAfterMs", 30_000L));
    }

    @Test
    void retryAfterCountsDownToTheMillisecond() {
        threeStartsInTwentySeconds()
                .andGivenCurrentTime(T0.plusMillis(59_999))
                .when(start(rec(4)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.RATE_LIMIT_EXCEEDED,
                        "Too many recordings started; at most 3 per 60 seconds", "retryAfterMs", 1L));
    }

    @Test
    void afterTheWindowAFifthStartPasses() {
        threeStartsInTwentySeconds()
                .andGivenCurrentTime(T0.plusSeconds(60))
                .when(start(rec(5)))
                .expectEvents(new RecordingStarted(ID, rec(5), HOST, RecordingConfig.defaults(), ROOM,
                        T0.plusSeconds(60)));
    }

    @Test
    void windowSlidesWithTheSecondOldestStart() {
        // After a start at T0+60s, the window holds T0+10s, T0+20s, T0+60s: the next start waits for T0+70s.
        threeStartsInTwentySeconds()
                .andGivenCurrentTime(T0.plusSeconds(60))
                .andGivenCommands(start(rec(5)), new StopRecording(ID, HOST))
                .andGivenCurrentTime(T0.plusSeconds(65))
                .when(start(rec(6)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.RATE_LIMIT_EXCEEDED,
                        "Too many recordings started; at most 3 per 60 seconds", "retryAfterMs", 5_000L));
    }

    // ---- stop --------------------------------------------------------------------------------------------

    /**
     * Five stops a host asked for in one minute (T0 to T0+40s), and a sixth recording in progress. The start limit
     * lets at most four stops into any minute today; the stop limit holds for any history of events.
     */
    private TestExecutor<Meeting> fiveStopsInFortySeconds(UserId stoppedBy) {
        List<Object> given = new ArrayList<>(recordable());
        for (int i = 1; i <= 5; i++) {
            Instant at = T0.plusSeconds(10L * (i - 1));
            given.add(recordingStarted(rec(i), at));
            given.add(new RecordingStopRequested(ID, rec(i), stoppedBy, at));
        }
        given.add(recordingStarted(rec(6), T0.plusSeconds(40)));
        return fixture.given(given);
    }

    @Test
    void aSixthStopInAMinuteIsRateLimitedUntilTheOldestLeaves() {
        fiveStopsInFortySeconds(HOST)
                .andGivenCurrentTime(T0.plusSeconds(45))
                .when(new StopRecording(ID, HOST))
                .expectNoEvents()
                .expectException(MeetingException.class)
                .expectExceptionDetails(details(ErrorCode.RATE_LIMIT_EXCEEDED,
                        "Too many recording stops; at most 5 per 60 seconds", "retryAfterMs", 15_000L));
    }

    @Test
    void aStopPassesOnceTheOldestStopLeftTheMinute() {
        fiveStopsInFortySeconds(HOST)
                .andGivenCurrentTime(T0.plusSeconds(60))
                .when(new StopRecording(ID, HOST))
                .expectEvents(new RecordingStopRequested(ID, rec(6), HOST, T0.plusSeconds(60)));
    }

    @Test
    void theGuardsStopsDoNotCountAgainstTheHost() {
        fiveStopsInFortySeconds(Meeting.GUARD)
                .andGivenCurrentTime(T0.plusSeconds(45))
                .when(new StopRecording(ID, HOST))
                .expectEvents(new RecordingStopRequested(ID, rec(6), HOST, T0.plusSeconds(45)));
    }

    @Test
    void hostStopsTheActiveRecording() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0))
                .andGivenCurrentTime(LATER)
                .when(new StopRecording(ID, HOST))
                .expectEvents(new RecordingStopRequested(ID, REC1, HOST, LATER))
                .expectResultMessagePayload(7L);
    }

    @Test
    void hostStopsARecordingStillStarting() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0)).andGivenCurrentTime(LATER)
                .when(new StopRecording(ID, HOST))
                .expectEvents(new RecordingStopRequested(ID, REC1, HOST, LATER));
    }

    @Test
    void stopWithoutRecordingIsRejected() {
        fixture.given(recordable())
                .when(new StopRecording(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("No recording in progress"));
    }

    @Test
    void stopTwiceIsRejected() {
        fixture.given(recordable())
                .andGiven(recordingStarted(REC1, T0), new RecordingStopRequested(ID, REC1, HOST, T0))
                .when(new StopRecording(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("No recording in progress"));
    }

    @Test
    void theMeetingsEndHasAlreadyAskedItsRecordingToStop() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0), new RecordingActivated(ID, REC1, T0),
                        new MeetingEnded(ID, HOST, VideoProvider.GETSTREAM, REC1, false, T0))
                .when(new StopRecording(ID, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("No recording in progress"));
    }

    @Test
    void participantCannotStop() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0))
                .when(new StopRecording(ID, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can stop a recording"));
    }

    @Test
    void strangerCannotStop() {
        fixture.given(recordable()).andGiven(recordingStarted(REC1, T0))
                .when(new StopRecording(ID, STRANGER))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }
}
