package io.connvo.meetings.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code connvo.event.processor.lag}: how many events each streaming processor's slowest segment claimed on this node
 * is behind the head of the event stream (0 when it claims none), tagged {@code processorName} like Axon's own
 * meters. Axon's {@code eventProcessor.latency} says how old the last handled event was; this says how much is left.
 */
@Component
class ProcessorLag {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry meters;

    ProcessorLag(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.meters = meters;
    }

    /** The processors exist once Axon has started. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("connvo.event.processor.lag", streaming, this::lag)
                        .tag("processorName", name)
                        .description("events between the head of the stream and the slowest segment claimed here")
                        .register(meters);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        long head = position(eventStore.createHeadToken());
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(-1))
                .map(position -> Math.max(0, head - position))
                .max()
                .orElse(0);
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
