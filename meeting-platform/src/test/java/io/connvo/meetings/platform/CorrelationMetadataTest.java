package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request (command A) leads to an event, whose handler sends command B, which leads to a second event: every
 * message down the chain names the actor, the root request and its direct cause.
 */
class CorrelationMetadataTest {

    record RequestA(String id) {
    }

    record FollowUpB(String id) {
    }

    record Happened(String step) {
    }

    private final List<CommandMessage<?>> commands = new CopyOnWriteArrayList<>();
    private final List<EventMessage<?>> events = new CopyOnWriteArrayList<>();
    private Configuration axon;

    /** Records every event and reacts to the first one with a follow-up command, as a saga would. */
    class Relay {
        @EventHandler
        void on(Happened happened, EventMessage<?> event) {
            events.add(event);
            if (happened.step().equals("a")) {
                axon.commandGateway().sendAndWait(new FollowUpB("b"));
            }
        }
    }

    @BeforeEach
    void start() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> AxonSerializers.jackson())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureCorrelationDataProviders(c -> List.of(new CorrelationMetadata()));
        configurer.eventProcessing(ep -> ep.usingSubscribingEventProcessors().registerEventHandler(c -> new Relay()));
        axon = configurer.buildConfiguration();
        axon.start();
        axon.commandBus().subscribe(RequestA.class.getName(), command -> {
            commands.add(command);
            axon.eventBus().publish(GenericEventMessage.asEventMessage(new Happened("a")));
            return null;
        });
        axon.commandBus().subscribe(FollowUpB.class.getName(), command -> {
            commands.add(command);
            axon.eventBus().publish(GenericEventMessage.asEventMessage(new Happened("b")));
            return null;
        });
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    @Test
    void everyProducedMessageCarriesActorRootCauseAndTrace() {
        CommandMessage<RequestA> request = GenericCommandMessage.<RequestA>asCommandMessage(new RequestA("a"))
                .withMetaData(Map.of("actor", "user_42", "traceId", "trace-1"));
        axon.commandGateway().sendAndWait(request);

        assertThat(events).hasSize(2);
        EventMessage<?> eventA = events.get(0);
        CommandMessage<?> commandB = commands.get(1);
        EventMessage<?> eventB = events.get(1);

        assertThat(eventA.getMetaData()).containsEntry("actor", "user_42").containsEntry("traceId", "trace-1")
                .containsEntry("correlationId", request.getIdentifier())
                .containsEntry("causationId", request.getIdentifier());
        assertThat(commandB.getMetaData()).containsEntry("actor", "user_42").containsEntry("traceId", "trace-1")
                .containsEntry("correlationId", request.getIdentifier())
                .containsEntry("causationId", eventA.getIdentifier());
        assertThat(eventB.getMetaData()).containsEntry("actor", "user_42").containsEntry("traceId", "trace-1")
                .containsEntry("correlationId", request.getIdentifier())
                .containsEntry("causationId", commandB.getIdentifier());
    }

    @Test
    void aRequestWithoutTraceIsTracedByItsOwnId() {
        CommandMessage<RequestA> request = GenericCommandMessage.asCommandMessage(new RequestA("a"));
        axon.commandGateway().sendAndWait(request);

        assertThat(events.get(1).getMetaData()).containsEntry("traceId", request.getIdentifier())
                .doesNotContainKey("actor");
    }
}
