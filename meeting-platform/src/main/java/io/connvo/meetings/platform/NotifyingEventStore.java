package io.connvo.meetings.platform;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's embedded event store whose streams tell a pooled streaming processor when new events are there.
 * <p>
 * The streams of {@link EmbeddedEventStore} offer no availability callback, so the coordinator of a pooled
 * streaming processor polls them every 500 ms: every read-your-writes wait and every saga reaction took up to
 * half a second. Here one daemon thread tails the store's shared event cache (which the store refills right after
 * each commit) and, as soon as events arrive there, runs the callbacks of every open stream; the coordinators
 * then read the events at once.
 */
public class NotifyingEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(NotifyingEventStore.class);

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean watcherStarted = new AtomicBoolean();
    private volatile boolean closed;

    public NotifyingEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new NotifyingStream(super.openStream(trackingToken));
    }

    /**
     * Stops the watcher without interrupting it: it may be reading the store, and an interrupt inside the embedded
     * database's file I/O closes the whole store. It sees the flag within a second (its wait is bounded).
     */
    @Override
    public void shutDown() {
        closed = true;
        super.shutDown();
    }

    private void ensureWatcher() {
        if (!closed && watcherStarted.compareAndSet(false, true)) {
            Thread thread = new AxonThreadFactory("EventStoreWatcher").newThread(this::watch);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void watch() {
        while (!closed) {
            TrackingEventStream tail = super.openStream(createHeadToken());
            try {
                while (!closed) {
                    if (tail.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        do {
                            tail.nextAvailable();
                        } while (tail.hasNextAvailable());
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return; // the store was shut down while the watcher read it
                }
                log.warn("Watching the event store failed; processors poll until it resumes in 1 s: {}", e.toString());
                if (!pause()) {
                    return;
                }
            } finally {
                tail.close();
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(1000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final class NotifyingStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private volatile Runnable callback;

        private NotifyingStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            ensureWatcher();
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            delegate.close();
        }
    }
}
