package io.connvo.meetings.platform;

import io.connvo.meetings.api.error.MeetingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which commands are sent again, for every sender (the REST gateway, the media saga): one that lost a race on its
 * meeting ({@link MeetingException#isConcurrentChange}: another change was stored first, this one was rolled back,
 * so sending it again cannot apply it twice, and the meeting re-validates it against the new state), with
 * exponential backoff; never any other failure, whose command may have been applied or was refused for good.
 * <p>
 * Axon's {@code ExponentialBackOffIntervalRetryScheduler} does retry a lost race (a {@code ConcurrencyException} is
 * transient to it), but it retries every failure not marked non-transient, and its non-transient predicate is tested
 * on each cause of the failure in turn, so "only a lost race" cannot be said to it: the SQL exception under a
 * {@code ConcurrencyException}, or the remote exception under a {@code CommandExecutionException} from Axon Server,
 * is no lost race by itself. This scheduler decides on the failure as a whole.
 */
public final class ConflictRetryScheduler implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetryScheduler.class);

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final Duration firstInterval;

    /**
     * @param executor      where retries wait and are sent from (never the sender's thread)
     * @param maxRetries    how often a command is sent again at most
     * @param firstInterval the pause before the first retry, doubled for each next one
     */
    public ConflictRetryScheduler(ScheduledExecutorService executor, int maxRetries, Duration firstInterval) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.firstInterval = firstInterval;
    }

    /** A command gateway on {@code commandBus} that retries with this policy. */
    public static CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService executor,
                                                int maxRetries, Duration firstInterval) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConflictRetryScheduler(executor, maxRetries, firstInterval))
                .build();
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
