package io.connvo.meetings.command;

import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.ParticipantAdded;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.ID;
import static io.connvo.meetings.command.MeetingFixtures.T0;
import static io.connvo.meetings.command.MeetingFixtures.validation;

class CreateMeetingTest {

    private AggregateTestFixture<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = MeetingFixtures.fixture();
    }

    private static CreateMeeting create(String title, Integer max, boolean recording, Tier tier) {
        return new CreateMeeting(ID, HOST, title, null, null, max, recording, tier, null);
    }

    @Test
    void createsWithTrimmedTitleDefaultCapAndHostAsParticipant() {
        Instant scheduled = T0.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "  Standup  ", " Daily ", scheduled, null, false, Tier.PAID, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new MeetingCreated(ID, HOST, "Standup", "Daily", scheduled, Tier.PAID,
                                VideoProvider.GETSTREAM, 10, true, T0, null),
                        new ParticipantAdded(ID, HOST, ParticipantRole.HOST, HOST, T0))
                .expectResultMessagePayload(1L);
    }

    /** The provider rule for a new meeting: paid and (more than 4 or recording) gives GetStream, else WebRTC. */
    @ParameterizedTest(name = "{0} max={1} recording={2} -> {3} cap {4}")
    @CsvSource({
            "PAID, 10,   false, GETSTREAM, 10",
            "PAID, 500,  false, GETSTREAM, 100",
            "PAID, 4,    true,  GETSTREAM, 4",
            "PAID, 4,    false, WEBRTC,    4",
            "PAID, 2,    false, WEBRTC,    2",
            "FREE, 10,   true,  WEBRTC,    4",
            "FREE, 1000, false, WEBRTC,    4",
            "FREE, 3,    false, WEBRTC,    3",
    })
    void providerAndCapFollowTheRule(Tier tier, int max, boolean recording, VideoProvider provider, int cap) {
        fixture.givenCurrentTime(T0)
                .when(create("Standup", max, recording, tier))
                .expectEvents(
                        new MeetingCreated(ID, HOST, "Standup", null, null, tier, provider, cap,
                                provider == VideoProvider.GETSTREAM, T0, null),
                        new ParticipantAdded(ID, HOST, ParticipantRole.HOST, HOST, T0));
    }

    @Test
    void missingTierCountsAsFree() {
        fixture.givenCurrentTime(T0)
                .when(create("Standup", 10, true, null))
                .expectEvents(
                        new MeetingCreated(ID, HOST, "Standup", null, null, Tier.FREE, VideoProvider.WEBRTC, 4, false, T0, null),
                        new ParticipantAdded(ID, HOST, ParticipantRole.HOST, HOST, T0));
    }

    @Test
    void rejectsBlankTitle() {
        fixture.givenCurrentTime(T0).when(create("   ", null, false, Tier.FREE))
                .expectNoEvents()
                .expectException(MeetingException.class)
                .expectExceptionDetails(validation("title", "Title is required"));
    }

    @Test
    void rejectsMissingTitle() {
        fixture.givenCurrentTime(T0).when(create(null, null, false, Tier.FREE))
                .expectNoEvents()
                .expectExceptionDetails(validation("title", "Title is required"));
    }

    @Test
    void acceptsTitleOf200AndRejects201() {
        fixture.givenCurrentTime(T0).when(create("x".repeat(200), null, false, Tier.FREE))
                .expectSuccessfulHandlerExecution();
        MeetingFixtures.fixture().givenCurrentTime(T0).when(create("x".repeat(201), null, false, Tier.FREE))
                .expectNoEvents()
                .expectExceptionDetails(validation("title", "Title must be at most 200 characters"));
    }

    @Test
    void rejectsDescriptionOver2000() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "Standup", "d".repeat(2001), null, null, false, Tier.FREE, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("description", "Description must be at most 2000 characters"));
    }

    @Test
    void acceptsScheduledAtWithinOneMinuteInThePast() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "Standup", null, T0.minusSeconds(60), null, false, Tier.FREE, null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void rejectsScheduledAtInThePast() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, HOST, "Standup", null, T0.minusSeconds(61), null, false, Tier.FREE, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("scheduledAt", "scheduledAt must not be in the past"));
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "1001", "2147483647"})
    void rejectsMaxParticipantsOutOfRange(int max) {
        fixture.givenCurrentTime(T0).when(create("Standup", max, false, Tier.PAID))
                .expectNoEvents()
                .expectExceptionDetails(validation("maxParticipants", "maxParticipants must be between 1 and 1000"));
    }

    @Test
    void rejectsMissingHost() {
        fixture.givenCurrentTime(T0)
                .when(new CreateMeeting(ID, null, "Standup", null, null, null, false, Tier.FREE, null))
                .expectNoEvents()
                .expectExceptionDetails(validation("hostId", "hostId is required"));
    }
}
