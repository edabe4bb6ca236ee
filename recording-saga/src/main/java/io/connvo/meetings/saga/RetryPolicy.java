package io.connvo.meetings.saga;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Exponential backoff with jitter for the saga's GetStream retries ({@code connvo.getstream.retry.*}). */
@Component
public class RetryPolicy {

    private final GetStreamProperties.Retry settings;
    private final DoubleSupplier random;

    @Autowired
    public RetryPolicy(GetStreamProperties properties) {
        this(properties.retry(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} yields values in [0, 1); 0.5 means no jitter. */
    public RetryPolicy(GetStreamProperties.Retry settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
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

    public int maxAttempts() {
        return settings.maxAttempts();
    }
}
