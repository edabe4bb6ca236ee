package io.connvo.meetings.saga.getstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class GetStreamHealthIndicatorTest {

    private final CircuitBreaker breaker = GetStreamConfiguration.circuitBreaker(
            new GetStreamProperties.CircuitBreaker(50, 2, 2, Duration.ofMillis(1), 1));
    private final GetStreamHealthIndicator indicator = new GetStreamHealthIndicator(breaker);

    @Test
    void upWhileClosedOpenAfterFailuresHalfOpenWhileProbingUpAgainAfterASuccess() {
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        for (int i = 0; i < 2; i++) {
            breaker.onError(0, java.util.concurrent.TimeUnit.MILLISECONDS,
                    new GetStreamException("getOrCreateCall", "503", true, 503, null));
        }
        Health open = indicator.health();
        assertThat(open.getStatus().getCode()).isEqualTo("CIRCUIT_OPEN");
        assertThat(open.getDetails()).containsEntry("state", "OPEN").containsEntry("failedCalls", 2)
                .containsEntry("circuitBreaker", "getstream");

        breaker.transitionToHalfOpenState();
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("CIRCUIT_HALF_OPEN");

        breaker.onSuccess(0, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("state", "CLOSED");
    }
}
