package io.connvo.meetings.saga.getstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The circuit breaker (always, so health and metrics can read its state) and the SDK-backed
 * {@link GetStreamCalls} (only when a key is configured).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GetStreamProperties.class)
public class GetStreamConfiguration {

    /** The breaker's name in metrics and health. */
    public static final String CIRCUIT_BREAKER_NAME = "getstream";

    @Bean
    public CircuitBreaker getStreamCircuitBreaker(GetStreamProperties properties) {
        return circuitBreaker(properties.circuitBreaker());
    }

    /** The breaker's state, calls and failure rate as {@code resilience4j_circuitbreaker_*}, tagged {@code name}. */
    @Bean
    public MeterBinder getStreamCircuitBreakerMetrics(CircuitBreaker getStreamCircuitBreaker) {
        return meters -> new TaggedCircuitBreakerMetricsPublisher(meters).publishMetrics(getStreamCircuitBreaker);
    }

    @Bean
    @Conditional(GetStreamKeyConfigured.class)
    public GetStreamCalls getStreamCalls(GetStreamProperties properties, CircuitBreaker getStreamCircuitBreaker,
                                         ObjectProvider<ObservationRegistry> observations) {
        return new StreamSdkCalls(properties, getStreamCircuitBreaker,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** A breaker that counts only retryable failures: a 4xx answer shows GetStream is up. */
    public static CircuitBreaker circuitBreaker(GetStreamProperties.CircuitBreaker settings) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> !(e instanceof GetStreamException g) || g.retryable())
                .build();
        return CircuitBreaker.of(CIRCUIT_BREAKER_NAME, config);
    }
}
