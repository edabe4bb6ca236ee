package io.connvo.meetings.gateway.idempotency;

import io.connvo.meetings.platform.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired idempotency keys every interval on each node. Expired keys already count as absent (a repeat after
 * the ttl executes again); this only keeps the table small. Nodes purging at once delete the same rows, harmlessly.
 */
class IdempotencyKeyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final IdempotencyKeys keys;
    private final Duration interval;
    private final Clock clock;
    private volatile ScheduledExecutorService executor;

    IdempotencyKeyPurge(IdempotencyKeys keys, Duration interval, Clock clock) {
        this.keys = keys;
        this.interval = interval;
        this.clock = clock;
    }

    /** One purge now; returns the keys deleted. */
    int purge() {
        return keys.purgeExpired(clock.instant());
    }

    @Override
    public void start() {
        executor = DaemonThreads.scheduler("idempotency-key-purge");
        executor.scheduleWithFixedDelay(() -> {
            try {
                int deleted = purge();
                if (deleted > 0) {
                    log.debug("Purged {} expired idempotency keys", deleted);
                }
            } catch (RuntimeException e) {
                log.warn("Purging expired idempotency keys failed; the next round tries again: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
