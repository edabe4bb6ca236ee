package io.connvo.meetings.command;

import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.command.StartMeeting;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.platform.PlatformModule;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each class of failure on a real Axon configuration whose command bus {@link CommandModule} wrapped, as the sender
 * gets it, also after crossing Axon Server: a lost race on the event store (the store refuses the append at commit,
 * as Axon Server or the JDBC store's unique key do when another node stored the meeting's next event first) is the
 * domain's CONFLICT; an unknown meeting NOT_FOUND; a rule's refusal keeps its details; anything else is untouched.
 */
class FailureTranslationTest {

    private static final ErrorDetails CONCURRENT_CHANGE = new ErrorDetails(ErrorCode.CONFLICT,
            "The meeting was changed concurrently; try again", Map.of(MeetingException.CONCURRENT_CHANGE, true));

    /** An in-memory store that refuses the next append the way a store that lost a race does. */
    static final class RacingStore extends InMemoryEventStorageEngine {
        volatile Supplier<RuntimeException> refuseNext;

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            Supplier<RuntimeException> refusal = refuseNext;
            refuseNext = null;
            if (refusal != null) {
                throw refusal.get();
            }
            super.appendEvents(events);
        }
    }

    private final RacingStore store = new RacingStore();
    private final MeetingId meetingId = MeetingId.generate();
    private Configuration axon;
    private CommandBus bus;

    @BeforeEach
    void start() {
        axon = MeetingFixtures.commandNode(store);
        bus = axon.commandBus();
        assertThat(bus).isInstanceOf(FailureTranslation.class);
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private CommandResultMessage<?> send(Object command) {
        FutureCallback<Object, Object> result = new FutureCallback<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(command), result);
        return result.getResult();
    }

    private CreateMeeting create() {
        return new CreateMeeting(meetingId, HOST, "Standup", null, null, null, false, Tier.FREE, null);
    }

    @Test
    void anAppendRefusedAtCommitIsAConcurrentChange() {
        assertThat(send(create()).isExceptional()).isFalse();
        store.refuseNext = () -> new ConcurrencyException("An event for aggregate [" + meetingId.value()
                + "] at sequence [2] was already inserted");

        CommandResultMessage<?> lost = send(new StartMeeting(meetingId, HOST));

        assertThat(MeetingException.detailsOf(lost.exceptionResult())).contains(CONCURRENT_CHANGE);
        assertThat(MeetingException.isConcurrentChange(lost.exceptionResult())).isTrue();
        // rolled back: sending it again succeeds against the stored state
        assertThat(send(new StartMeeting(meetingId, HOST)).isExceptional()).isFalse();
    }

    @Test
    void aCreationRaceIsOneToo() {
        store.refuseNext = () -> new AggregateStreamCreationException("Cannot reuse aggregate identifier");

        assertThat(MeetingException.detailsOf(send(create()).exceptionResult())).contains(CONCURRENT_CHANGE);
    }

    @Test
    void theConflictCrossesAxonServerWithItsMarker() {
        assertThat(send(create()).isExceptional()).isFalse();
        store.refuseNext = () -> new ConcurrencyException("sequence taken");
        Serializer messageSerializer = new PlatformModule().messageSerializer();
        CommandSerializer wire = new CommandSerializer(messageSerializer, new AxonServerConfiguration());

        CommandResultMessage<?> received = wire.deserialize(wire.serialize(send(new StartMeeting(meetingId, HOST)), "r1"));

        assertThat(MeetingException.isConcurrentChange(received.exceptionResult())).isTrue();
        assertThat(MeetingException.detailsOf(received.exceptionResult())).contains(CONCURRENT_CHANGE);
    }

    @Test
    void anUnknownMeetingIsTheSameNotFoundAsForAStrangerAlsoAcrossAxonServer() {
        Serializer messageSerializer = new PlatformModule().messageSerializer();
        CommandSerializer wire = new CommandSerializer(messageSerializer, new AxonServerConfiguration());

        CommandResultMessage<?> received = wire.deserialize(wire.serialize(send(new StartMeeting(meetingId, HOST)), "r1"));

        assertThat(MeetingException.detailsOf(received.exceptionResult())).contains(MeetingFixtures.NOT_FOUND);
        assertThat(send(create()).isExceptional()).isFalse();
        assertThat(MeetingException.detailsOf(send(new StartMeeting(meetingId, MeetingFixtures.STRANGER))
                .exceptionResult())).contains(MeetingFixtures.NOT_FOUND);
    }

    @Test
    void aFailureWithoutDomainMeaningPassesUnchanged() {
        assertThat(send(create()).isExceptional()).isFalse();
        IllegalStateException broken = new IllegalStateException("disk full");
        store.refuseNext = () -> broken;

        Throwable failure = send(new StartMeeting(meetingId, HOST)).exceptionResult();

        assertThat(failure).isSameAs(broken);
        assertThat(MeetingException.detailsOf(failure)).isEmpty();
    }

    @Test
    void ruleViolationsAndSuccessesPassUnchanged() {
        assertThat(send(create()).getPayload()).isEqualTo(1L);
        Throwable stranger = send(new StartMeeting(meetingId, MeetingFixtures.STRANGER)).exceptionResult();
        assertThat(MeetingException.detailsOf(stranger)).contains(MeetingFixtures.NOT_FOUND);
        assertThat(MeetingException.isConcurrentChange(stranger)).isFalse();
    }
}
