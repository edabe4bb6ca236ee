package io.connvo.meetings.command;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.platform.AxonSerializers;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared ids, instants and the events that put a meeting in a known state. */
final class MeetingFixtures {

    static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    static final MeetingId ID = new MeetingId("meeting_abc");
    static final UserId HOST = new UserId("user_host");
    static final UserId GUEST = new UserId("user_guest");
    static final UserId STRANGER = new UserId("user_stranger");
    static final String ROOM = "default:meeting_abc";
    static final RecordingId REC1 = new RecordingId("recording_1");
    static final RecordingId REC2 = new RecordingId("recording_2");

    static final ErrorDetails NOT_FOUND = details(ErrorCode.NOT_FOUND, "Meeting not found");

    private MeetingFixtures() {
    }

    /** The rules without the guards, so that a test may move the clock between given commands. */
    static AggregateTestFixture<Meeting> fixture() {
        return fixture(GuardProperties.off());
    }

    /** Axon's stub deadline manager refuses a clock move once a deadline is scheduled: guard tests set time first. */
    static AggregateTestFixture<Meeting> fixture(GuardProperties guards) {
        AggregateTestFixture<Meeting> fixture = new AggregateTestFixture<>(Meeting.class);
        fixture.registerInjectableResource(guards);
        fixture.registerInjectableResource(new InMemoryGuardSchedules());
        return fixture;
    }

    /**
     * The command side on a real Axon configuration, as a node runs it: Axon's SimpleCommandBus wrapped by the
     * command module ({@link FailureTranslation}), the Meeting aggregate without guards, events on {@code engine}.
     */
    static Configuration commandNode(EventStorageEngine engine) {
        return DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> engine)
                .configureSerializer(c -> AxonSerializers.jackson())
                .configureCommandBus(c -> (CommandBus) CommandModule.failureTranslation()
                        .postProcessAfterInitialization(SimpleCommandBus.builder().build(), "commandBus"))
                .configureAggregate(Meeting.class)
                .registerComponent(GuardProperties.class, c -> GuardProperties.off())
                .registerComponent(GuardSchedules.class, c -> new InMemoryGuardSchedules())
                .start();
    }

    /** Error details with metadata given as key, value, key, value... */
    static ErrorDetails details(ErrorCode code, String message, Object... metadata) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < metadata.length; i += 2) {
            map.put((String) metadata[i], metadata[i + 1]);
        }
        return new ErrorDetails(code, message, map);
    }

    static ErrorDetails validation(String message) {
        return details(ErrorCode.VALIDATION_ERROR, message);
    }

    static ErrorDetails validation(String field, String message) {
        return details(ErrorCode.VALIDATION_ERROR, message, "field", field);
    }

    static MeetingCreated paidCreated() {
        return new MeetingCreated(ID, HOST, "Standup", null, null, Tier.PAID, VideoProvider.GETSTREAM, 10, true, T0, null);
    }

    static MeetingCreated freeCreated() {
        return new MeetingCreated(ID, HOST, "Standup", null, null, Tier.FREE, VideoProvider.WEBRTC, 4, false, T0, null);
    }

    static ParticipantAdded hostAdded() {
        return new ParticipantAdded(ID, HOST, ParticipantRole.HOST, HOST, T0);
    }

    static ParticipantAdded guestAdded() {
        return new ParticipantAdded(ID, GUEST, ParticipantRole.PARTICIPANT, HOST, T0);
    }

    static MeetingStarted started(Tier tier, VideoProvider provider, int cap) {
        return new MeetingStarted(ID, HOST, HOST, "Standup", tier, provider, cap, List.of(HOST, GUEST), T0);
    }

    static VideoRoomProvisioned provisioned() {
        return new VideoRoomProvisioned(ID, ROOM, T0);
    }

    /** A paid GetStream meeting, host and guest, started, room provisioned: ready to record. */
    static List<Object> recordable() {
        return List.of(paidCreated(), hostAdded(), guestAdded(),
                started(Tier.PAID, VideoProvider.GETSTREAM, 10), provisioned());
    }

    /** A free WebRTC meeting with host and guest, started. */
    static List<Object> activeFree() {
        return List.of(freeCreated(), hostAdded(), guestAdded(), started(Tier.FREE, VideoProvider.WEBRTC, 4));
    }

    static RecordingStarted recordingStarted(RecordingId id, Instant at) {
        return new RecordingStarted(ID, id, HOST, RecordingConfig.defaults(), ROOM, at);
    }
}
