package io.connvo.meetings.command;

import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.AddParticipant;
import io.connvo.meetings.api.command.JoinMeeting;
import io.connvo.meetings.api.command.LeaveMeeting;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.NOT_FOUND;
import static io.connvo.meetings.command.MeetingFixtures.STRANGER;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.activeFree;
import static io.connvo.meetings.command.MeetingFixtures.details;
import static io.connvo.meetings.command.MeetingFixtures.freeCreated;
import static io.connvo.meetings.command.MeetingFixtures.guestAdded;
import static io.connvo.meetings.command.MeetingFixtures.hostAdded;
import static io.connvo.meetings.command.MeetingFixtures.started;
import static io.connvo.meetings.command.MeetingFixtures.validation;

/** addParticipant, joinMeeting (with the cap), leaveMeeting. */
class ParticipantsTest {

    private static final Instant LATER = T0.plusSeconds(120);

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    private static UserId user(int i) {
        return new UserId("user_" + i);
    }

    /** An active meeting with the host plus {@code extra} invited users, and {@code joined} of all of them joined. */
    private static List<Object> activeWith(MeetingCreated created, int extra, int joined) {
        List<Object> events = new ArrayList<>(List.of(created, hostAdded()));
        for (int i = 1; i <= extra; i++) {
            events.add(new ParticipantAdded(ID, user(i), ParticipantRole.PARTICIPANT, HOST, T0));
        }
        events.add(started(created.tier(), created.videoProvider(), created.maxParticipants()));
        for (int i = 0; i < joined; i++) {
            events.add(new ParticipantJoined(ID, i == 0 ? HOST : user(i), T0));
        }
        return events;
    }

    @Test
    void hostAddsParticipant() {
        fixture.given(freeCreated(), hostAdded()).andGivenCurrentTime(LATER)
                .when(new AddParticipant(ID, HOST, GUEST))
                .expectEvents(new ParticipantAdded(ID, GUEST, ParticipantRole.PARTICIPANT, HOST, LATER))
                .expectResultMessagePayload(2L);
    }

    @Test
    void participantCannotAdd() {
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new AddParticipant(ID, GUEST, STRANGER))
                .expectNoEvents()
                .expectException(MeetingException.class)
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can add participants"));
    }

    @Test
    void strangerCannotAddAndLearnsNothing() {
        fixture.given(freeCreated(), hostAdded())
                .when(new AddParticipant(ID, STRANGER, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void addingAnExistingParticipantIsAConflict() {
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new AddParticipant(ID, HOST, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "User is already a participant", "userId", GUEST.value()));
    }

    @Test
    void addingWithoutUserIsAValidationError() {
        fixture.given(freeCreated(), hostAdded())
                .when(new AddParticipant(ID, HOST, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("userId", "userId is required"));
    }

    @Test
    void addingToCancelledMeetingIsRejected() {
        fixture.given(freeCreated(), hostAdded(), new MeetingCancelled(ID, HOST, null, T0))
                .when(new AddParticipant(ID, HOST, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Cannot add participants to a concluded or cancelled meeting"));
    }

    @Test
    void participantJoinsActiveMeeting() {
        fixture.given(activeFree()).andGivenCurrentTime(LATER)
                .when(new JoinMeeting(ID, GUEST))
                .expectEvents(new ParticipantJoined(ID, GUEST, LATER))
                .expectResultMessagePayload(4L);
    }

    @Test
    void joiningTwiceIsANoOp() {
        fixture.given(activeFree()).andGiven(new ParticipantJoined(ID, GUEST, T0))
                .when(new JoinMeeting(ID, GUEST))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(4L);
    }

    @Test
    void strangerCannotJoin() {
        fixture.given(activeFree())
                .when(new JoinMeeting(ID, STRANGER))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void joiningBeforeTheStartIsRejected() {
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new JoinMeeting(ID, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting has not started yet"));
    }

    @Test
    void joiningAConcludedMeetingIsRejected() {
        fixture.given(activeFree()).andGiven(new MeetingEnded(ID, HOST, VideoProvider.WEBRTC, null, false, T0))
                .when(new JoinMeeting(ID, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Meeting is concluded or cancelled"));
    }

    @Test
    void webRtcCapOfFourIsEnforced() {
        fixture.given(activeWith(freeCreated(), 4, 4))
                .when(new JoinMeeting(ID, user(4)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "Meeting is full", "maxParticipants", 4));
    }

    @Test
    void aLeftSeatCanBeTakenAgain() {
        fixture.given(activeWith(freeCreated(), 4, 4)).andGiven(new ParticipantLeft(ID, user(1), T0))
                .andGivenCurrentTime(LATER)
                .when(new JoinMeeting(ID, user(4)))
                .expectEvents(new ParticipantJoined(ID, user(4), LATER));
    }

    @Test
    void getStreamCapOfHundredIsEnforced() {
        MeetingCreated big = new MeetingCreated(ID, HOST, "Town hall", null, null, Tier.PAID, VideoProvider.GETSTREAM,
                100, true, T0, null);
        fixture.given(activeWith(big, 100, 100))
                .when(new JoinMeeting(ID, user(100)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "Meeting is full", "maxParticipants", 100));
        MeetingFixtures.fixture().given(activeWith(big, 100, 99))
                .andGivenCurrentTime(LATER)
                .when(new JoinMeeting(ID, user(99)))
                .expectEvents(new ParticipantJoined(ID, user(99), LATER));
    }

    @Test
    void fallbackToWebRtcLowersTheCap() {
        MeetingCreated paid = new MeetingCreated(ID, HOST, "Standup", null, null, Tier.PAID, VideoProvider.GETSTREAM,
                10, true, T0, null);
        fixture.given(activeWith(paid, 5, 4))
                .andGiven(new VideoRoomProvisioningFailed(ID, "down", 5, VideoProvider.WEBRTC, "webrtc_" + ID, 4, T0))
                .when(new JoinMeeting(ID, user(4)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "Meeting is full", "maxParticipants", 4));
    }

    @Test
    void joinedParticipantLeaves() {
        fixture.given(activeFree()).andGiven(new ParticipantJoined(ID, GUEST, T0)).andGivenCurrentTime(LATER)
                .when(new LeaveMeeting(ID, GUEST))
                .expectEvents(new ParticipantLeft(ID, GUEST, LATER))
                .expectResultMessagePayload(5L);
    }

    @Test
    void leavingWithoutHavingJoinedIsANoOp() {
        fixture.given(activeFree())
                .when(new LeaveMeeting(ID, GUEST))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(3L);
    }

    @Test
    void leavingTwiceIsANoOp() {
        fixture.given(activeFree()).andGiven(new ParticipantJoined(ID, GUEST, T0), new ParticipantLeft(ID, GUEST, T0))
                .when(new LeaveMeeting(ID, GUEST))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void strangerCannotLeave() {
        fixture.given(activeFree())
                .when(new LeaveMeeting(ID, STRANGER))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }
}
