package io.connvo.meetings.platform;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sequenced dead-letter queue of the event processors ({@code connvo.dead-letters.*}, table
 * {@code dead_letter_entry}). An event a processing group's handlers cannot handle is parked with the rest of its
 * meeting's events behind it, while every other meeting goes on; it is retried automatically with exponential
 * backoff, and after {@code maxAttempts} failed attempts it stays parked until an administrator retries or evicts it.
 *
 * @param processingGroups groups whose failed events are dead-lettered (default {@code meeting-view,
 *                         recording-view, media-saga}); a group listed here that does not run in a process is
 *                         ignored there
 * @param maxAttempts      handling attempts before a letter is parked for an administrator, the first included
 *                         (default 5): a transient fault (a lock timeout, a failover) heals within them, a poison
 *                         event does not
 * @param retryDelay       the wait before the first automatic retry; it doubles with each attempt (default 1s)
 * @param maxRetryDelay    the longest wait between automatic retries (default 1m)
 * @param pollInterval     how often a node looks for letters due for an automatic retry (default 1s)
 * @param claimDuration    how long a node's claim on a sequence being retried holds, after which another node may
 *                         take it over (default 30s)
 * @param maxSequences     meetings a group may have parked before further failures stop the group (default 10000)
 * @param maxSequenceSize  events one meeting may have parked (default 10000)
 */
@ConfigurationProperties("connvo.dead-letters")
public record DeadLetterProperties(@DefaultValue({"meeting-view", "recording-view", "media-saga"}) Set<String> processingGroups,
                                   @DefaultValue("5") int maxAttempts,
                                   @DefaultValue("1s") Duration retryDelay,
                                   @DefaultValue("1m") Duration maxRetryDelay,
                                   @DefaultValue("1s") Duration pollInterval,
                                   @DefaultValue("30s") Duration claimDuration,
                                   @DefaultValue("10000") int maxSequences,
                                   @DefaultValue("10000") int maxSequenceSize) {

    public DeadLetterProperties {
        processingGroups = processingGroups == null ? Set.of() : Set.copyOf(processingGroups);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("connvo.dead-letters.max-attempts must be at least 1");
        }
    }

    /** The wait after {@code attempts} failed attempts before the next automatic one. */
    Duration delayAfter(int attempts) {
        Duration delay = retryDelay.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
