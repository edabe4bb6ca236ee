package io.connvo.meetings.platform;

import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code deadLetters}: per dead-lettered processing group running here (the projections, the media
 * saga), the meetings with parked events and the events parked. Always UP: a parked event stalls only its own
 * meeting, every other meeting goes on, so the service still does its work; restarting it (what an orchestrator does
 * with DOWN) would not heal the letter either. Operators alert on the counts instead and act through the admin
 * endpoints.
 */
@Component("deadLettersHealthIndicator")
class DeadLetterHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    DeadLetterHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        processing.eventProcessors().keySet().forEach(group -> processing.deadLetterQueue(group).ifPresent(queue ->
                details.put(group, Map.of("meetings", queue.amountOfSequences(), "letters", queue.size()))));
        return Health.up().withDetails(details).build();
    }
}
