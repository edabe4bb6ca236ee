package io.connvo.meetings.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Dead letters by processing group, for alerting: {@code connvo.dead.letters} (events parked) and
 * {@code connvo.dead.letter.sequences} (meetings waiting behind one), tagged {@code processorName} like Axon's own
 * meters. Read from the queue's table at each scrape, so every node reports the group's whole queue.
 */
@Component
class DeadLetterMeters {

    private final EventProcessingConfiguration processing;
    private final MeterRegistry meters;

    DeadLetterMeters(EventProcessingConfiguration processing, MeterRegistry meters) {
        this.processing = processing;
        this.meters = meters;
    }

    /** The queues exist once Axon has started. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().keySet().forEach(group -> processing.deadLetterQueue(group).ifPresent(queue -> {
            Gauge.builder("connvo.dead.letters", queue, SequencedDeadLetterQueue::size)
                    .tag("processorName", group)
                    .description("events parked in the group's dead-letter queue")
                    .register(meters);
            Gauge.builder("connvo.dead.letter.sequences", queue, SequencedDeadLetterQueue::amountOfSequences)
                    .tag("processorName", group)
                    .description("meetings whose events wait behind a dead letter")
                    .register(meters);
        }));
    }
}
