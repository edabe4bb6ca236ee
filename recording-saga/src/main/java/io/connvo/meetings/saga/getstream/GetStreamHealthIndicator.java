package io.connvo.meetings.saga.getstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code getstream} circuit breaker as the health component {@code getstream}: UP while closed,
 * {@code CIRCUIT_OPEN} or {@code CIRCUIT_HALF_OPEN} otherwise, with the breaker's figures as details. An open
 * circuit does not take the application down (meetings fall back to WebRTC), so these statuses stay out of
 * the aggregate status.
 */
@Component("getstreamHealthIndicator")
public class GetStreamHealthIndicator implements HealthIndicator {

    static final Status CIRCUIT_OPEN = new Status("CIRCUIT_OPEN", "GetStream calls are refused until it probes again");
    static final Status CIRCUIT_HALF_OPEN = new Status("CIRCUIT_HALF_OPEN", "GetStream is being probed");

    private final CircuitBreaker breaker;

    public GetStreamHealthIndicator(CircuitBreaker getStreamCircuitBreaker) {
        this.breaker = getStreamCircuitBreaker;
    }

    @Override
    public Health health() {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Status status = switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> Status.UP;
            case HALF_OPEN -> CIRCUIT_HALF_OPEN;
            case OPEN, FORCED_OPEN -> CIRCUIT_OPEN;
        };
        return Health.status(status)
                .withDetail("circuitBreaker", breaker.getName())
                .withDetail("state", breaker.getState().name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("failedCalls", metrics.getNumberOfFailedCalls())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
                .build();
    }
}
