package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.GenericSubscriptionQueryUpdateMessage;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The bus and processor meters register each gauge once, however many messages pass (Axon's own registered the
 * latency and capacity gauges again with every message, and Micrometer warned), and are the meters Axon's would be.
 */
class AxonMetersTest {

    /** Micrometer's double-registration warning: at WARN the first time in a JVM, at DEBUG afterwards. */
    private final Logger micrometer = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void captureMicrometersLog() {
        levelBefore = micrometer.getLevel();
        micrometer.setLevel(Level.DEBUG);
        logged.start();
        micrometer.addAppender(logged);
    }

    @AfterEach
    void restoreLog() {
        micrometer.detachAppender(logged);
        micrometer.setLevel(levelBefore);
    }

    @Test
    void everyGaugeIsRegisteredOnceAcrossManyMessages() {
        handleTwiceEach(new AxonMeters(new SimpleMeterRegistry()));

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("already registered"));
    }

    @Test
    void theMetersAreAxonsOwn() {
        SimpleMeterRegistry ours = new SimpleMeterRegistry();
        SimpleMeterRegistry axons = new SimpleMeterRegistry();

        handleTwiceEach(new AxonMeters(ours));
        handleTwiceEach(new GlobalMetricRegistry(axons));

        assertThat(ids(ours)).isNotEmpty().isEqualTo(ids(axons))
                .contains("eventProcessor.latency{processorName=recording-view}",
                        "eventProcessor.capacity{payloadType=String,processorName=recording-view}",
                        "commandBus.capacity{payloadType=String}");
    }

    /** A processor, the command and query buses and the update emitter each monitor two messages, as in a run. */
    private static void handleTwiceEach(GlobalMetricRegistry metrics) {
        monitorTwice(metrics.registerComponentWithDefaultTags(PooledStreamingEventProcessor.class, "recording-view"),
                GenericEventMessage.asEventMessage("event"));
        monitorTwice(metrics.registerComponentWithDefaultTags(CommandBus.class, "commandBus"),
                GenericCommandMessage.asCommandMessage("command"));
        monitorTwice(metrics.registerComponentWithDefaultTags(QueryBus.class, "queryBus"),
                new GenericQueryMessage<>("query", ResponseTypes.instanceOf(String.class)));
        monitorTwice(metrics.registerComponentWithDefaultTags(QueryUpdateEmitter.class, "queryUpdateEmitter"),
                new GenericSubscriptionQueryUpdateMessage<>("update"));
    }

    @SuppressWarnings("unchecked")
    private static void monitorTwice(MessageMonitor<?> monitor, Message<?> message) {
        MessageMonitor<Message<?>> any = (MessageMonitor<Message<?>>) monitor;
        for (int i = 0; i < 2; i++) {
            any.onMessageIngested(message).reportSuccess();
        }
    }

    /** Each meter as {@code name{key=value,...}}, its tags in Micrometer's order (by key). */
    private static Set<String> ids(MeterRegistry registry) {
        Function<Meter, String> id = meter -> meter.getId().getName() + meter.getId().getTags().stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue()).collect(Collectors.joining(",", "{", "}"));
        return registry.getMeters().stream().map(id).collect(Collectors.toSet());
    }
}
