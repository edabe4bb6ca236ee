package io.connvo.meetings.command;

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
import static io.connvo.meetings.command.MeetingFixtures.paidCreated;
import static io.connvo.meetings.command.MeetingFixtures.recordable;
import static io.connvo.meetings.command.MeetingFixtures.validation;

import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.AddParticipants;
import io.connvo.meetings.api.command.EndMeeting;
import io.connvo.meetings.api.command.JoinMeeting;
import io.connvo.meetings.api.command.RemoveParticipant;
import io.connvo.meetings.api.command.StartRecording;
import io.connvo.meetings.api.command.UpdateParticipantRole;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.ParticipantRoleUpdated;
import io.connvo.meetings.api.event.RecordingStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** removeParticipant, updateParticipantRole (co-hosts), addMultipleParticipants. */
class ParticipantManagementTest {

    private static final Instant LATER = T0.plusSeconds(300);
    private static final UserId COHOST = new UserId("user_cohost");

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    private static ParticipantRoleUpdated promoted(UserId user) {
        return new ParticipantRoleUpdated(ID, user, ParticipantRole.HOST, HOST, T0);
    }

    // ---- removeParticipant

    @Test
    void hostRemovesAnInvitedParticipant() {
        fixture.given(freeCreated(), hostAdded(), guestAdded()).andGivenCurrentTime(LATER)
                .when(new RemoveParticipant(ID, HOST, GUEST))
                .expectEvents(new ParticipantRemoved(ID, GUEST, HOST, LATER))
                .expectResultMessagePayload(3L);
    }

    @Test
    void aRemovedParticipantWhoIsPresentLeavesFirst() {
        fixture.given(activeFree()).andGiven(new ParticipantJoined(ID, GUEST, T0)).andGivenCurrentTime(LATER)
                .when(new RemoveParticipant(ID, HOST, GUEST))
                .expectEvents(new ParticipantLeft(ID, GUEST, LATER), new ParticipantRemoved(ID, GUEST, HOST, LATER));
    }

    @Test
    void aRemovedParticipantIsAStrangerAfterwards() {
        fixture.given(activeFree()).andGiven(new ParticipantRemoved(ID, GUEST, HOST, T0))
                .when(new JoinMeeting(ID, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void onlyHostsRemove() {
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new RemoveParticipant(ID, GUEST, HOST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can remove participants"));
        fixture.given(freeCreated(), hostAdded())
                .when(new RemoveParticipant(ID, STRANGER, HOST))
                .expectNoEvents()
                .expectExceptionDetails(NOT_FOUND);
    }

    @Test
    void theCreatorCannotBeRemovedEvenByACoHost() {
        fixture.given(freeCreated(), hostAdded(), guestAdded(), promoted(GUEST))
                .when(new RemoveParticipant(ID, GUEST, HOST))
                .expectNoEvents()
                .expectExceptionDetails(validation("userId", "The meeting's creator stays its host"));
    }

    @Test
    void removingSomeoneWhoIsNotAParticipantIsNotFound() {
        fixture.given(freeCreated(), hostAdded())
                .when(new RemoveParticipant(ID, HOST, STRANGER))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.NOT_FOUND, "Participant not found"));
    }

    @Test
    void removingWithoutUserIsAValidationError() {
        fixture.given(freeCreated(), hostAdded())
                .when(new RemoveParticipant(ID, HOST, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("userId", "userId is required"));
    }

    @Test
    void noRemovalOnceTheMeetingIsOver() {
        fixture.given(freeCreated(), hostAdded(), guestAdded(), new MeetingCancelled(ID, HOST, null, T0))
                .when(new RemoveParticipant(ID, HOST, GUEST))
                .expectNoEvents()
                .expectExceptionDetails(validation("Cannot change the participants of a concluded or cancelled meeting"));
    }

    // ---- updateParticipantRole

    @Test
    void hostMakesACoHostWhoMayRecordAndEndTheMeeting() {
        List<Object> given = new ArrayList<>(recordable());
        fixture.given(given).andGivenCurrentTime(LATER)
                .when(new UpdateParticipantRole(ID, HOST, GUEST, ParticipantRole.HOST))
                .expectEvents(new ParticipantRoleUpdated(ID, GUEST, ParticipantRole.HOST, HOST, LATER));

        given.add(new ParticipantRoleUpdated(ID, GUEST, ParticipantRole.HOST, HOST, T0));
        RecordingId recording = new RecordingId("recording_cohost");
        fixture.given(given).andGivenCurrentTime(LATER)
                .when(new StartRecording(ID, GUEST, recording, null))
                .expectEvents(new RecordingStarted(ID, recording, GUEST, RecordingConfig.defaults(),
                        MeetingFixtures.ROOM, LATER));
        fixture.given(given).andGivenCurrentTime(LATER)
                .when(new EndMeeting(ID, GUEST))
                .expectEvents(new MeetingEnded(ID, GUEST, VideoProvider.GETSTREAM, null, false, LATER));
    }

    @Test
    void aDemotedCoHostLosesTheHostsPowers() {
        fixture.given(freeCreated(), hostAdded(), guestAdded(), promoted(GUEST),
                        new ParticipantRoleUpdated(ID, GUEST, ParticipantRole.PARTICIPANT, HOST, T0))
                .when(new RemoveParticipant(ID, GUEST, HOST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can remove participants"));
    }

    @Test
    void theCreatorStaysHost() {
        fixture.given(freeCreated(), hostAdded(), guestAdded(), promoted(GUEST))
                .when(new UpdateParticipantRole(ID, GUEST, HOST, ParticipantRole.PARTICIPANT))
                .expectNoEvents()
                .expectExceptionDetails(validation("userId", "The meeting's creator stays its host"));
    }

    @Test
    void aCoHostMayStepDownWhileTheCreatorRemainsHost() {
        fixture.given(freeCreated(), hostAdded(), guestAdded(), promoted(GUEST)).andGivenCurrentTime(LATER)
                .when(new UpdateParticipantRole(ID, GUEST, GUEST, ParticipantRole.PARTICIPANT))
                .expectEvents(new ParticipantRoleUpdated(ID, GUEST, ParticipantRole.PARTICIPANT, GUEST, LATER));
    }

    @Test
    void theSameRoleAgainChangesNothing() {
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new UpdateParticipantRole(ID, HOST, GUEST, ParticipantRole.PARTICIPANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(2L);
    }

    @Test
    void roleChangesNeedAHostARoleAndAParticipant() {
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new UpdateParticipantRole(ID, GUEST, GUEST, ParticipantRole.HOST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can change roles"));
        fixture.given(freeCreated(), hostAdded(), guestAdded())
                .when(new UpdateParticipantRole(ID, HOST, GUEST, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("role", "role is required"));
        fixture.given(freeCreated(), hostAdded())
                .when(new UpdateParticipantRole(ID, HOST, STRANGER, ParticipantRole.HOST))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.NOT_FOUND, "Participant not found"));
    }

    // ---- addMultipleParticipants

    @Test
    void hostAddsSeveralAtOnce() {
        fixture.given(paidCreated(), hostAdded()).andGivenCurrentTime(LATER)
                .when(new AddParticipants(ID, HOST, List.of(GUEST, COHOST)))
                .expectEvents(new ParticipantAdded(ID, GUEST, ParticipantRole.PARTICIPANT, HOST, LATER),
                        new ParticipantAdded(ID, COHOST, ParticipantRole.PARTICIPANT, HOST, LATER))
                .expectResultMessagePayload(3L);
    }

    @Test
    void oneExistingParticipantRefusesTheWholeList() {
        fixture.given(paidCreated(), hostAdded(), guestAdded())
                .when(new AddParticipants(ID, HOST, List.of(COHOST, GUEST)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.CONFLICT, "User is already a participant", "userId", GUEST.value()));
    }

    @Test
    void theListMustFitTheCapAndNameEachUserOnce() {
        List<UserId> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(new UserId("user_" + i));
        }
        fixture.given(paidCreated(), hostAdded())
                .when(new AddParticipants(ID, HOST, eleven))
                .expectNoEvents()
                .expectExceptionDetails(validation("userIds", "At most 10 participants can be added to this meeting at once"));
        fixture.given(paidCreated(), hostAdded())
                .when(new AddParticipants(ID, HOST, List.of(GUEST, GUEST)))
                .expectNoEvents()
                .expectExceptionDetails(validation("userIds", "userIds names user_guest twice"));
        fixture.given(paidCreated(), hostAdded())
                .when(new AddParticipants(ID, HOST, List.of()))
                .expectNoEvents()
                .expectExceptionDetails(validation("userIds", "userIds must name at least one user"));
    }

    @Test
    void onlyHostsAddSeveral() {
        fixture.given(paidCreated(), hostAdded(), guestAdded())
                .when(new AddParticipants(ID, GUEST, List.of(COHOST)))
                .expectNoEvents()
                .expectExceptionDetails(details(ErrorCode.INSUFFICIENT_PERMISSIONS, "Only the host can add participants"));
        fixture.given(paidCreated(), hostAdded(), guestAdded(), promoted(GUEST)).andGivenCurrentTime(LATER)
                .when(new AddParticipants(ID, GUEST, List.of(COHOST)))
                .expectEvents(new ParticipantAdded(ID, COHOST, ParticipantRole.PARTICIPANT, GUEST, LATER));
    }
}
