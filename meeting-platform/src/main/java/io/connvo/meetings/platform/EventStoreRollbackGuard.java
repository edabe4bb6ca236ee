package io.connvo.meetings.platform;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Halts a streaming processor whose tokens stand past the last event of the event store, instead of letting it skip
 * every event the store appends below that position.
 * <p>
 * A token only ever reaches the position of an event that was delivered, so a token ahead of the store's head means
 * the store is not the one the tokens were taken from: Axon Server started on another (new, empty) data directory,
 * or its event store was restored from an older copy, while the tokens in PostgreSQL stayed. Axon's processor then
 * waits for events after its token and passes over everything the store appends up to that position, with no error
 * (for the media saga: meetings never provisioned, their sagas never created). Which of the new store's
 * events this processor has handled cannot be told apart automatically (a new store's events are all unseen, a
 * restored store's were all seen up to its head), so the processor stops on this node, the health component
 * {@code eventStore} turns DOWN naming it, and an operator moves its tokens (README, "Axon Server restarts").
 * Nothing is skipped meanwhile: the events stay in the store.
 * <p>
 * Each token is read before the head, so a healthy store's head can only be at or past it. A store replaced while
 * this node ran is noticed at the next check, which must come before the new store has grown past the tokens: the
 * interval is short ({@link #INTERVAL}) and the tokens of a store in use are far ahead of a new store's first events.
 */
public class EventStoreRollbackGuard implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStoreRollbackGuard.class);
    static final Duration INTERVAL = Duration.ofSeconds(2);

    private final Supplier<? extends Collection<EventProcessor>> processors;
    private final Supplier<? extends StreamableMessageSource<?>> eventStore;
    private final Duration interval;
    private final Map<String, Halt> halted = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    /**
     * @param processors this node's event processors (Axon's event processing configuration)
     * @param eventStore the event store they stream from
     */
    public EventStoreRollbackGuard(Supplier<? extends Collection<EventProcessor>> processors,
                                   Supplier<? extends StreamableMessageSource<?>> eventStore) {
        this(processors, eventStore, INTERVAL);
    }

    EventStoreRollbackGuard(Supplier<? extends Collection<EventProcessor>> processors,
                            Supplier<? extends StreamableMessageSource<?>> eventStore, Duration interval) {
        this.processors = processors;
        this.eventStore = eventStore;
        this.interval = interval;
    }

    /** One check of every running streaming processor of this node. */
    void check() {
        for (EventProcessor processor : processors.get()) {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                try {
                    check(streaming);
                } catch (RuntimeException e) { // Axon Server away for a moment: the next round looks again
                    log.debug("Could not compare the tokens of {} with the event store: {}", processor.getName(),
                              e.toString());
                }
            }
        }
    }

    private void check(StreamingEventProcessor processor) {
        long token = -1;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            TrackingToken segmentToken = status.getTrackingToken();
            OptionalLong position = segmentToken == null ? OptionalLong.empty() : segmentToken.position();
            if (position.isPresent()) {
                token = Math.max(token, position.getAsLong());
            }
        }
        if (token < 0) {
            return;
        }
        TrackingToken headToken = eventStore.get().createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        if (token <= head) {
            return;
        }
        Halt halt = new Halt(token, head);
        log.error("Processor {} halted: its token stands at position {} but the event store's last event is at {}."
                  + " The event store is not the one the tokens were taken from (Axon Server on another data"
                  + " directory, or a restored copy); every event it appends up to position {} would be skipped."
                  + " Move the tokens of {} (README, \"Axon Server restarts\") and start the service again.",
                  processor.getName(), token, head, token, processor.getName());
        halted.put(processor.getName(), halt);
        processor.shutDown();
    }

    @Override
    public Health health() {
        if (halted.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder down = Health.down();
        halted.forEach((name, halt) -> down.withDetail(name, Map.of(
                "halted", "its token is past the event store's last event",
                "tokenPosition", halt.tokenPosition(),
                "eventStoreHead", halt.eventStoreHead())));
        return down.build();
    }

    private record Halt(long tokenPosition, long eventStoreHead) {
    }

    @Override
    public void start() {
        executor = DaemonThreads.scheduler("event-store-guard");
        executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
