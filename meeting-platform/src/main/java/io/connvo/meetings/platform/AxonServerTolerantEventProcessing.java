package io.connvo.meetings.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingModule;
import org.axonframework.config.LifecycleHandler;
import org.axonframework.config.ModuleConfiguration;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's event processing, except that an event processor which cannot start while Axon Server is unreachable is
 * started again in the background instead of failing the whole service.
 * <p>
 * A pooled streaming processor without tokens yet (a new schema) asks the event store for its initial position as
 * it starts, and Axon gives up after 3 s: with Axon Server down, the query and saga services did not start at all.
 * Now the service starts, its readiness is DOWN ({@link AxonServerHealthIndicator}) and each such processor starts
 * as soon as Axon Server answers. A processor that fails to start while Axon Server is connected still fails the
 * start-up, as before: that is a fault, not an outage.
 */
public class AxonServerTolerantEventProcessing extends EventProcessingModule {

    private static final Logger log = LoggerFactory.getLogger(AxonServerTolerantEventProcessing.class);
    /** Between two attempts; an attempt itself takes Axon's 3 s while Axon Server is still unreachable. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

    private final BooleanSupplier axonServerConnected;

    public AxonServerTolerantEventProcessing(BooleanSupplier axonServerConnected) {
        this.axonServerConnected = axonServerConnected;
    }

    @Override
    public void initialize(Configuration configuration) {
        super.initialize(new RetryingProcessorStarts(configuration));
    }

    private static CompletableFuture<?> attempt(LifecycleHandler start) {
        try {
            return start.run();
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    /**
     * The configuration as the processors see it: a start handler of the event processors' phase that fails while
     * Axon Server is unreachable completes nonetheless and is run again every {@link #RETRY_INTERVAL} until it
     * succeeds. Everything else goes to Axon's configuration unchanged.
     */
    private final class RetryingProcessorStarts implements Configuration {

        private final Configuration axon;
        private ScheduledExecutorService retries;

        RetryingProcessorStarts(Configuration axon) {
            this.axon = axon;
        }

        @Override
        public void onStart(int phase, LifecycleHandler start) {
            if (phase != Phase.INBOUND_EVENT_CONNECTORS) {
                axon.onStart(phase, start);
                return;
            }
            axon.onStart(phase, () -> attempt(start).exceptionallyCompose(failure -> {
                if (axonServerConnected.getAsBoolean()) {
                    return CompletableFuture.failedFuture(failure);
                }
                log.warn("An event processor cannot start while Axon Server is unreachable ({}); starting it again"
                        + " every {} s until it can", failure.getMessage(), RETRY_INTERVAL.toSeconds());
                retryLater(start);
                return CompletableFuture.completedFuture(null);
            }));
        }

        private synchronized void retryLater(LifecycleHandler start) {
            if (retries != null && retries.isShutdown()) {
                return; // the service is stopping
            }
            if (retries == null) {
                retries = DaemonThreads.scheduler("processor-start-retry");
                // before the processors' own shutdown handlers (higher phases shut down first)
                axon.onShutdown(Phase.INBOUND_EVENT_CONNECTORS + 1, this::stopRetrying);
            }
            retries.schedule(() -> attempt(start).whenComplete((started, failure) -> {
                if (failure == null) {
                    log.info("Event processor started after Axon Server became reachable");
                } else {
                    log.debug("Event processor still cannot start", failure);
                    retryLater(start);
                }
            }), RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void stopRetrying() {
            retries.shutdownNow();
        }

        @Override
        public void onShutdown(int phase, LifecycleHandler shutdown) {
            axon.onShutdown(phase, shutdown);
        }

        @Override
        public <T> T getComponent(Class<T> componentType, Supplier<T> defaultImpl) {
            return axon.getComponent(componentType, defaultImpl);
        }

        @Override
        public <M extends Message<?>> MessageMonitor<? super M> messageMonitor(Class<?> componentType,
                                                                             String componentName) {
            return axon.messageMonitor(componentType, componentName);
        }

        @Override
        public Serializer eventSerializer() {
            return axon.eventSerializer();
        }

        @Override
        public Serializer messageSerializer() {
            return axon.messageSerializer();
        }

        @Override
        public void start() {
            axon.start();
        }

        @Override
        public void shutdown() {
            axon.shutdown();
        }

        @Override
        public List<CorrelationDataProvider> correlationDataProviders() {
            return axon.correlationDataProviders();
        }

        @Override
        public HandlerDefinition handlerDefinition(Class<?> inspectedType) {
            return axon.handlerDefinition(inspectedType);
        }

        @Override
        public List<ModuleConfiguration> getModules() {
            return axon.getModules();
        }

        @Override
        public EventUpcasterChain upcasterChain() {
            return axon.upcasterChain();
        }
    }
}
