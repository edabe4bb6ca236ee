package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a command again when it lost a race on the same meeting ({@link MeetingException#isConcurrentChange}), with
 * exponential backoff, and never for any other failure.
 * <p>
 * Axon's own schedulers are not used: they test their non-transient predicate on every cause of the failure, and
 * the SQL exception underneath a {@code ConcurrencyException} is not a conflict, so a lost race was never retried.
 */
final class ConflictRetryScheduler implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetryScheduler.class);

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final Duration firstInterval;

    ConflictRetryScheduler(ScheduledExecutorService executor, int maxRetries, Duration firstInterval) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.firstInterval = firstInterval;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatch) {
        int failed = failures.size(); // the attempts so far, this one included
        if (failed > maxRetries || !MeetingException.isConcurrentChange(lastFailure)) {
            return false;
        }
        long delay = firstInterval.toMillis() << Math.min(failed - 1, 16);
        log.debug("{} lost a race on its aggregate; retry {} of {} in {} ms", commandMessage.getCommandName(), failed,
                maxRetries, delay);
        try {
            executor.schedule(dispatch, delay, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) { // shutting down: the caller gets the conflict
            return false;
        }
    }
}
