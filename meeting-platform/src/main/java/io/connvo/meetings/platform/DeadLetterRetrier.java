package io.connvo.meetings.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Retries dead letters automatically, with exponential backoff, until they have failed
 * {@link DeadLetterProperties#maxAttempts()} times; then they are parked until an administrator retries or evicts
 * them. Runs on every node with a dead-lettered group; the queue's claims let one node at a time work a meeting.
 */
@Component
public class DeadLetterRetrier extends AfterAxonLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetrier.class);
    /** Sequences retried per group and round, so one round never runs unbounded. */
    private static final int SEQUENCES_PER_ROUND = 100;

    private final EventProcessingConfiguration processing;
    private final DeadLetterProperties properties;
    private final Clock clock = Clock.systemUTC();
    private volatile ScheduledExecutorService executor;

    DeadLetterRetrier(EventProcessingConfiguration processing, DeadLetterProperties properties) {
        this.processing = processing;
        this.properties = properties;
    }

    @Override
    protected void onAxonStarted() {
        executor = DaemonThreads.scheduler("dead-letter-retrier");
        long poll = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::retryDue, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** Lets a running round finish: interrupting a thread inside H2's file I/O would close the embedded store. */
    @Override
    protected void beforeAxonStops() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(properties.claimDuration().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void retryDue() {
        for (String group : properties.processingGroups()) {
            try {
                DeadLetterQueues.processor(processing, group).ifPresent(processor -> {
                    int sequences = 0;
                    while (executor != null && sequences++ < SEQUENCES_PER_ROUND && processor.process(this::due)) {
                        log.info("Dead letters of a meeting in {} handled on automatic retry", group);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Automatic retry of dead letters in {} failed; next round in {}: {}", group,
                        properties.pollInterval(), e.toString());
            }
        }
    }

    private boolean due(DeadLetter<?> letter) {
        int attempts = DeadLetterQueues.attempts(letter);
        Instant next = letter.lastTouched().plus(properties.delayAfter(attempts));
        return attempts < properties.maxAttempts() && !next.isAfter(clock.instant());
    }
}
