package io.connvo.meetings.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.connvo.meetings.platform.DaemonThreads;
import io.connvo.meetings.saga.getstream.GetStreamException;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import io.opentelemetry.context.Context;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs the media saga's GetStream calls (room, transcription, recordings, members, the stops at a meeting's end) off
 * the event processor's threads, so that one slow call never holds up the meetings behind it in the same segment.
 * <p>
 * Inside the handler, the saga's unit of work stores a safety deadline with the saga ({@link #safetyDelay}); only
 * once that is committed does the call start, on a pool of {@code connvo.media-saga.call-threads}, after every call
 * the same saga (one per meeting) started before it ({@link MeetingCallQueues}): a stop asked for while its start is
 * still running waits for it, so it never finds "no recording" while the start then succeeds unseen. Its outcome
 * goes back as the saga would have sent it: success and permanent failure as commands to the meeting (which
 * ignores repeats), a failure that may heal as the saga's own retry deadline, rescheduled in one transaction
 * with the safety deadline's cancellation; the saga never learns that deadline's id, so it ignores it once
 * stale. Should the node die before the outcome is stored, the safety deadline
 * fires on whichever node runs the deadlines and the saga tries again; the calls are idempotent (their id is the
 * meeting id), so a repeat never creates a second room, and a recording already started or stopped is reported so.
 */
@Component
public class MediaCallRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MediaCallRunner.class);
    private static final String CALLS_AFTER_COMMIT = MediaCallRunner.class.getName() + ".callsAfterCommit";

    private final Executor executor;
    private final MeetingCallQueues queues;
    private final MediaCommands commands;
    private final TransactionManager transactions;
    private final Duration callTimeout;

    @Autowired
    public MediaCallRunner(MediaSagaProperties properties, GetStreamProperties getStream, MediaCommands commands,
                           TransactionManager transactions) {
        this(pool(properties.callThreads()), commands, transactions, getStream.timeout());
    }

    /** {@code executor} runs the calls, each meeting's in order; tests pass a direct or a rejecting one. */
    public MediaCallRunner(Executor executor, MediaCommands commands, TransactionManager transactions,
                           Duration callTimeout) {
        this.executor = executor;
        this.queues = new MeetingCallQueues(executor);
        this.commands = commands;
        this.transactions = transactions;
        this.callTimeout = callTimeout;
    }

    /**
     * One attempt of a saga's call: the retry deadline it belongs to, the number of this attempt (from 1) and the
     * recording or membership change it is for (null for the other steps).
     */
    public record Attempt(String retryDeadline, int number, String recordingId, RetryDue.MemberChange memberChange,
                          DeadlineManager deadlines, RetryPolicy retry) {

        public Attempt(String retryDeadline, int number, String recordingId, DeadlineManager deadlines,
                       RetryPolicy retry) {
            this(retryDeadline, number, recordingId, null, deadlines, retry);
        }

        /** What the deadline that retries this attempt carries. */
        RetryDue next() {
            return new RetryDue(retryDeadline, number + 1, recordingId, memberChange);
        }
    }

    /**
     * From a saga handler: schedules the safety deadline in the saga's scope, then, after commit, runs
     * {@code call} and sends {@code success} of its result, or {@code failure} of a failure that will not heal
     * or has used up its attempts.
     *
     * @return the safety deadline's schedule id: the saga cancels it by id once the outcome's event arrives (a
     *         cancel by name reads every pending deadline, which a burst of starts makes many)
     */
    public <T> String start(Attempt attempt, Supplier<T> call, Function<T, Object> success,
                            Function<GetStreamException, Object> failure) {
        ScopeDescriptor saga = Scope.describeCurrentScope();
        String safety = attempt.deadlines().schedule(safetyDelay(attempt), attempt.retryDeadline(), attempt.next());
        afterCommit(saga, () -> complete(attempt, saga, safety, call, success, failure));
        return safety;
    }

    /**
     * From a saga handler: like {@link #start}, for a call whose outcome changes nothing in the meeting: once it has
     * succeeded, or been given up (logged and counted), its safety deadline is cancelled and nothing is sent.
     *
     * @return the safety deadline's schedule id
     */
    public String startUnreported(Attempt attempt, Runnable call) {
        return start(attempt, () -> {
            call.run();
            return null;
        }, done -> null, failure -> null);
    }

    /**
     * From a saga handler: makes {@code call} once after commit, best effort: a failure is logged, and a crash before
     * it ran loses it. For calls whose outcome the saga does not wait for.
     */
    public void startOnce(String what, Runnable call) {
        ScopeDescriptor saga = Scope.describeCurrentScope();
        afterCommit(saga, () -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.info("{}: {}: {}", saga, what, e.getMessage());
            }
        });
    }

    /**
     * Queues {@code task} behind the saga's earlier calls once the step has committed, in the trace of the step that
     * started it.
     */
    private void afterCommit(ScopeDescriptor saga, Runnable task) {
        Runnable traced = Context.current().wrap(task);
        Runnable run = () -> queues.execute(saga, traced);
        if (CurrentUnitOfWork.isStarted()) {
            // Kept with the root: Axon drops the after-commit handlers of a unit of work nested three deep (a dead
            // letter retried by an admin's command); the step's own unit of work may have rolled back meanwhile. One
            // handler queues the batch's calls in the order given: Axon runs after-commit handlers last first.
            UnitOfWork<?> step = CurrentUnitOfWork.get();
            List<Runnable> batch = step.root().getOrComputeResource(CALLS_AFTER_COMMIT, key -> {
                List<Runnable> calls = new ArrayList<>();
                step.root().afterCommit(root -> calls.forEach(Runnable::run));
                return calls;
            });
            batch.add(() -> {
                if (!step.isRolledBack()) {
                    run.run();
                }
            });
        } else {
            run.run();
        }
    }

    /**
     * Three call timeouts plus the backoff the attempt would wait after a failure: room for the call to queue,
     * time out and report back, since a safety deadline that fires before its outcome's event has reached the
     * saga makes the call again (harmless for the room, whose get-or-create is idempotent).
     */
    Duration safetyDelay(Attempt attempt) {
        return callTimeout.multipliedBy(3).plus(attempt.retry().delayAfter(attempt.number()));
    }

    private <T> void complete(Attempt attempt, ScopeDescriptor saga, String safety, Supplier<T> call,
                              Function<T, Object> success, Function<GetStreamException, Object> failure) {
        try {
            report(success.apply(call.get()), attempt, safety);
        } catch (GetStreamException e) {
            if (e.retryable() && attempt.retry().canRetry(attempt.number())) {
                log.info("{}: attempt {} failed, retrying: {}", saga, attempt.number(), e.getMessage());
                String name = attempt.retryDeadline();
                attempt.retry().retrying(name);
                transactions.executeInTransaction(() -> {
                    attempt.deadlines().cancelSchedule(name, safety);
                    attempt.deadlines().schedule(attempt.retry().delayAfter(attempt.number()), name,
                            attempt.next(), saga);
                });
            } else {
                log.warn("{}: giving up after {} attempts: {}", saga, attempt.number(), e.getMessage());
                attempt.retry().givingUp(attempt.retryDeadline());
                report(failure.apply(e), attempt, safety);
            }
        } catch (RuntimeException e) { // e.g. the database away while rescheduling: the safety deadline still fires
            log.error("{}: attempt {} of {} could not complete; the saga retries when its deadline fires", saga,
                    attempt.number(), attempt.retryDeadline(), e);
        }
    }

    /**
     * Sends the outcome's command, whose event lets the saga cancel the safety deadline; without a command (a call no
     * meeting records) the safety deadline is cancelled here.
     */
    private void report(Object outcome, Attempt attempt, String safety) {
        if (outcome != null) {
            commands.send(outcome);
        } else {
            transactions.executeInTransaction(() -> attempt.deadlines().cancelSchedule(attempt.retryDeadline(), safety));
        }
    }

    private static ExecutorService pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.numbered("media-saga-call"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void destroy() {
        if (executor instanceof ExecutorService pool) {
            pool.shutdownNow(); // calls not yet made are made again when their safety deadlines fire
        }
    }
}
