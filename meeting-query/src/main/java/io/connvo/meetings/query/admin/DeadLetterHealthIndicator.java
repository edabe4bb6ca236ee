package io.connvo.meetings.query.admin;

import io.connvo.meetings.api.admin.Projection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code deadLetters}: per projection, the meetings with parked events and the events parked.
 * Always UP: a parked event stalls only its own meeting, every other meeting is projected, so the service still
 * does its work; restarting it (what an orchestrator does with DOWN) would not heal the letter either. Operators
 * alert on the counts instead and act through the admin endpoints.
 */
@Component("deadLettersHealthIndicator")
class DeadLetterHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    DeadLetterHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Projection projection : Projection.values()) {
            processing.deadLetterQueue(projection.group()).ifPresent(queue -> details.put(projection.group(),
                    Map.of("meetings", queue.amountOfSequences(), "letters", queue.size())));
        }
        return Health.up().withDetails(details).build();
    }
}
