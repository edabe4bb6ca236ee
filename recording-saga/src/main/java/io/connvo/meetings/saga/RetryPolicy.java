package io.connvo.meetings.saga;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.connvo.meetings.saga.getstream.GetStreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Exponential backoff with jitter for the saga's GetStream retries ({@code connvo.getstream.retry.*}). */
@Component
public class RetryPolicy {

    private final GetStreamProperties.Retry settings;
    private final DoubleSupplier random;
    private final MeterRegistry meters;

    @Autowired
    public RetryPolicy(GetStreamProperties properties, MeterRegistry meters) {
        this(properties.retry(), () -> ThreadLocalRandom.current().nextDouble(), meters);
    }

    /** {@code random} yields values in [0, 1); 0.5 means no jitter. */
    public RetryPolicy(GetStreamProperties.Retry settings, DoubleSupplier random, MeterRegistry meters) {
        this.settings = settings;
        this.random = random;
        this.meters = meters;
    }

    /** Whether another attempt may follow {@code attemptsMade} failed ones. */
    public boolean canRetry(int attemptsMade) {
        return attemptsMade < settings.maxAttempts();
    }

    /** The wait after {@code attemptsMade} failed attempts (1 for the first failure). */
    public Duration delayAfter(int attemptsMade) {
        double base = settings.initialDelay().toMillis() * Math.pow(settings.multiplier(), Math.max(0, attemptsMade - 1));
        double capped = Math.min(base, settings.maxDelay().toMillis());
        double spread = 1 + settings.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped * spread)));
    }

    /** Counts a scheduled retry of a step ({@code connvo.saga.retries}, tagged with the step's kind). */
    public void retrying(String step) {
        meters.counter("connvo.saga.retries", "kind", kind(step)).increment();
    }

    /** Counts a step given up: not retryable, or out of attempts ({@code connvo.saga.give.ups}). */
    public void givingUp(String step) {
        meters.counter("connvo.saga.give.ups", "kind", kind(step)).increment();
    }

    /** {@code media-saga.retry-recording-start} is kind {@code recording-start}. */
    private static String kind(String step) {
        return step.substring(step.lastIndexOf(".retry-") + ".retry-".length());
    }

    public int maxAttempts() {
        return settings.maxAttempts();
    }
}
