package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * A pooled processor whose token store outlives its event store, as when Axon Server is started again on another
 * (empty) data directory while the services and their tokens in PostgreSQL stay: the processor, reconnected to the
 * new store, passes over every new event below its old position without a word; the guard halts it and reports it,
 * and once its tokens are moved to the new store's start it handles those events.
 * <p>
 * Axon's in-memory engine stands in for Axon Server (both number events from 0 and report no head while empty), and
 * the stores are swapped while the processor is stopped rather than under a live reconnect: this shows the token
 * arithmetic, not that the Axon Server connector reopens its stream the same way (checked by hand, README).
 */
class EventStoreRollbackGuardTest {

    private static final String NAME = "meeting-view";

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
    private EmbeddedEventStore store = storeWith("old-0", "old-1", "old-2", "old-3", "old-4");
    private final StreamableMessageSource<TrackedEventMessage<?>> currentStore = new CurrentStore();
    private final PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
            .name(NAME)
            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                    .eventHandlers((EventMessageHandler) event -> {
                        handled.add((String) event.getPayload());
                        return null;
                    })
                    .build())
            .rollbackConfiguration(RollbackConfigurationType.ANY_THROWABLE)
            .errorHandler(PropagatingErrorHandler.instance())
            .messageSource(currentStore)
            .tokenStore(tokens)
            .transactionManager(NoTransactionManager.INSTANCE)
            .coordinatorExecutor(coordinator)
            .workerExecutor(workers)
            .initialSegmentCount(2)
            .initialToken(StreamableMessageSource::createTailToken)
            .tokenClaimInterval(100)
            .build();
    private final EventStoreRollbackGuard guard =
            new EventStoreRollbackGuard(() -> List.of(processor), () -> store, Duration.ofDays(1));

    @AfterEach
    void stop() {
        processor.shutDown();
        coordinator.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void aProcessorAheadOfANewEventStoreIsHaltedInsteadOfSkippingItsEvents() {
        processor.start();
        // both segments' stored tokens at the last event: a segment stopped with an older token would rightly read
        // the new store's events above it
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 5 && storedTokensAt(4));
        guard.check();
        assertThat(guard.health().getStatus()).as("tokens at the store's head").isEqualTo(Status.UP);

        processor.shutDown();
        store = storeWith("new-0", "new-1"); // positions 0 and 1, below the tokens' 4
        processor.start();
        await().atMost(Duration.ofSeconds(10)).until(this::caughtUp);
        // what Axon does by itself: nothing of the new store reaches the handler, and nothing says so
        assertThat(handled).doesNotContain("new-0", "new-1");

        guard.check();
        assertThat(processor.isRunning()).as("halted").isFalse();
        Health health = guard.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey(NAME);
        assertThat(health.getDetails().get(NAME)).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("tokenPosition", 4L).containsEntry("eventStoreHead", 1L);

        // the operator's move for a new store (README): every segment's token back to the store's start
        for (int segment : tokens.fetchSegments(NAME)) {
            tokens.storeToken(null, NAME, segment);
        }
        processor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsAll(List.of("new-0", "new-1")));
        assertThat(handled).hasSize(7); // and nothing of the old store again
    }

    private boolean storedTokensAt(long position) {
        int[] segments = tokens.fetchSegments(NAME);
        return segments.length == 2 && Arrays.stream(segments)
                .mapToObj(segment -> tokens.fetchToken(NAME, segment))
                .allMatch(token -> token != null && token.position().orElse(-1) == position);
    }

    private boolean caughtUp() {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        return status.size() == 2 && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
    }

    private static EmbeddedEventStore storeWith(String... payloads) {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        for (String payload : payloads) {
            store.publish(GenericEventMessage.asEventMessage(payload));
        }
        return store;
    }

    /** The event store the processor is connected to now. */
    private final class CurrentStore implements StreamableMessageSource<TrackedEventMessage<?>> {

        @Override
        public TrackingEventStream openStream(TrackingToken trackingToken) {
            return store.openStream(trackingToken);
        }

        @Override
        public TrackingToken createTailToken() {
            return store.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return store.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return store.createTokenAt(dateTime);
        }
    }
}
