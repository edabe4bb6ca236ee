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

        private final String name;
        private final MeterRegistry registry;
        private final Function<Message<?>, Iterable<Tag>> tags;
        private final ConcurrentMap<Tags, AtomicLong> latest = new ConcurrentHashMap<>();

        Latency(String name, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
            this.name = name;
            this.registry = registry;
            this.tags = tags;
        }

        @Override
        public MonitorCallback onMessageIngested(EventMessage<?> message) {
            latest.computeIfAbsent(Tags.of(tags.apply(message)), gaugeTags -> {
                AtomicLong millis = new AtomicLong();
                Gauge.builder(name, millis::get).tags(gaugeTags).register(registry);
                return millis;
            }).set(Clock.SYSTEM.wallTime() - message.getTimestamp().toEpochMilli());
            return NoOpMessageMonitorCallback.INSTANCE;
        }
    }

    /** The time spent handling messages in the window divided by the window: how many threads were busy on average. */
    private static final class Capacity implements MessageMonitor<Message<?>> {

        private final String name;
        private final MeterRegistry registry;
        private final Function<Message<?>, Iterable<Tag>> tags;
        private final ConcurrentMap<Tags, SlidingTimeWindowReservoir> windows = new ConcurrentHashMap<>();

        Capacity(String name, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
            this.name = name;
            this.registry = registry;
            this.tags = tags;
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            SlidingTimeWindowReservoir window = windows.computeIfAbsent(Tags.of(tags.apply(message)), gaugeTags -> {
                SlidingTimeWindowReservoir created = new SlidingTimeWindowReservoir(
                        CAPACITY_WINDOW.toMillis(), TimeUnit.MILLISECONDS, Clock.SYSTEM);
                Gauge.builder(name, () -> busyThreads(created)).tags(gaugeTags).register(registry);
                return created;
            });
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
}
