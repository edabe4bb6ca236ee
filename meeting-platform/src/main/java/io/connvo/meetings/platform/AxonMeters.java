package io.connvo.meetings.platform;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.micrometer.reservoir.SlidingTimeWindowReservoir;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/**
 * Axon's dimensional meters of the buses and event processors (same names, tags and values as axon-micrometer's),
 * with each capacity and latency gauge registered once. Axon's {@code CapacityMonitor} and
 * {@code EventProcessorLatencyMonitor} register their gauge again with every message; Micrometer ignores the repeat
 * and warns "This Gauge has been already registered" (at the second event of {@code recording-view}, at start-up).
 * Replaces Axon's {@link GlobalMetricRegistry} bean; the timers and counters stay Axon's own.
 */
public class AxonMeters extends GlobalMetricRegistry {

    /** Axon's window for the capacity: the share of the last 10 minutes spent handling messages. */
    private static final Duration CAPACITY_WINDOW = Duration.ofMinutes(10);

    public AxonMeters(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? extends Message<?>> registerComponentWithDefaultTags(Class<?> componentType,
                                                                               String componentName) {
        if (QueryUpdateEmitter.class.isAssignableFrom(componentType)) {
            return handlerMonitor(componentName, TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION);
        }
        return super.registerComponentWithDefaultTags(componentType, componentName);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
            String name, Function<Message<?>, Iterable<Tag>> tags, Function<Message<?>, Iterable<Tag>> latencyTags) {
        MeterRegistry registry = getRegistry();
        return new MultiMessageMonitor<EventMessage<?>>(List.of(
                MessageTimerMonitor.buildMonitor(name, registry, tags),
                new Latency(name + ".latency", registry, latencyTags),
                new Capacity(name + ".capacity", registry, tags),
                MessageCountingMonitor.buildMonitor(name, registry, tags)));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name,
                                                                        Function<Message<?>, Iterable<Tag>> tags) {
        return handlerMonitor(name, tags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String name,
                                                                       Function<Message<?>, Iterable<Tag>> tags) {
        return handlerMonitor(name, tags);
    }

    private MessageMonitor<Message<?>> handlerMonitor(String name, Function<Message<?>, Iterable<Tag>> tags) {
        MeterRegistry registry = getRegistry();
        return new MultiMessageMonitor<Message<?>>(List.of(
                MessageTimerMonitor.buildMonitor(name, registry, tags),
                new Capacity(name + ".capacity", registry, tags),
                MessageCountingMonitor.buildMonitor(name, registry, tags)));
    }

    /** How old the last event a processor took was, in milliseconds, per tag set. */
    private static final class Latency implements MessageMonitor<EventMessage<?>> {

        private final GaugePerTags<AtomicLong> latest;

        Latency(String name, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
            latest = new GaugePerTags<>(name, registry, tags, AtomicLong::new, AtomicLong::get);
        }

        @Override
        public MonitorCallback onMessageIngested(EventMessage<?> message) {
            latest.of(message).set(Clock.SYSTEM.wallTime() - message.getTimestamp().toEpochMilli());
            return NoOpMessageMonitorCallback.INSTANCE;
        }
    }

    /** The time spent handling messages in the window divided by the window: how many threads were busy on average. */
    private static final class Capacity implements MessageMonitor<Message<?>> {

        private final GaugePerTags<SlidingTimeWindowReservoir> windows;

        Capacity(String name, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
            windows = new GaugePerTags<>(name, registry, tags, () -> new SlidingTimeWindowReservoir(
                    CAPACITY_WINDOW.toMillis(), TimeUnit.MILLISECONDS, Clock.SYSTEM), Capacity::busyThreads);
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            SlidingTimeWindowReservoir window = windows.of(message);
            long start = Clock.SYSTEM.monotonicTime();
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    window.update(Clock.SYSTEM.monotonicTime() - start);
                }

                @Override
                public void reportFailure(Throwable cause) {
                    window.update(Clock.SYSTEM.monotonicTime() - start);
                }

                @Override
                public void reportIgnored() {
                    window.update(Clock.SYSTEM.monotonicTime() - start);
                }
            };
        }

        private static double busyThreads(SlidingTimeWindowReservoir window) {
            long busyNanos = window.getMeasurements().stream().mapToLong(Long::longValue).sum();
            return (double) busyNanos / CAPACITY_WINDOW.toNanos();
        }
    }

    /** A gauge's state for each tag set of a message, the gauge registered once, as its state is created. */
    private static final class GaugePerTags<S> {

        private final String name;
        private final MeterRegistry registry;
        private final Function<Message<?>, Iterable<Tag>> tags;
        private final Supplier<S> newState;
        private final ToDoubleFunction<S> value;
        private final ConcurrentMap<Tags, S> states = new ConcurrentHashMap<>();

        GaugePerTags(String name, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags,
                     Supplier<S> newState, ToDoubleFunction<S> value) {
            this.name = name;
            this.registry = registry;
            this.tags = tags;
            this.newState = newState;
            this.value = value;
        }

        S of(Message<?> message) {
            return states.computeIfAbsent(Tags.of(tags.apply(message)), gaugeTags -> {
                S state = newState.get();
                Gauge.builder(name, () -> value.applyAsDouble(state)).tags(gaugeTags).register(registry);
                return state;
            });
        }
    }
}
