package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.platform.MeetingViewProgress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Waits, bounded and without sleeping, for a view to show a command's effect.
 * <p>
 * Where this process projects the meeting view ({@link MeetingViewProgress} present: the standalone application), a
 * wait for the meeting view registers with the projection's progress before the command is sent and reads the view
 * once the projection reports the command's version: no subscription query, no view read by the projection on the
 * waiter's behalf, and no read that finds the view behind. Elsewhere (the distributed gateway, and recordings, whose
 * outcome comes from the saga) it subscribes to the view's subscription query, takes the initial result and then the
 * updates, and stops at the first one that satisfies the condition; the subscription is always closed.
 * <p>
 * With several nodes the event may be projected by another node, whose progress reports and subscription updates
 * this node never sees (without Axon Server, or when Axon Server routed the subscription elsewhere). So either wait
 * also re-reads the view with a point query every {@code connvo.gateway.consistency.view-poll-interval}: the view
 * is in the shared database, whichever node wrote it.
 */
@Component
class ViewWaiter {

    private static final Logger log = LoggerFactory.getLogger(ViewWaiter.class);

    private final QueryGateway queryGateway;
    private final Duration pollInterval;
    private final MeetingViewProgress localProgress;

    ViewWaiter(QueryGateway queryGateway, ConsistencyProperties consistency,
               Optional<MeetingViewProgress> localProgress) {
        this.queryGateway = queryGateway;
        this.pollInterval = consistency.viewPollInterval();
        this.localProgress = localProgress.orElse(null);
    }

    /**
     * A wait for the meeting view, opened before the command is sent: where the meeting view is projected in this
     * process, every commit of the command's events is reported to it. Close it when the response is decided.
     */
    MeetingWait meeting(GetMeeting query) {
        return new MeetingWait(query, localProgress == null ? null : localProgress.watch(query.meetingId()));
    }

    /** The recording once {@code settled} holds; else the latest view of it seen within the bound, if any. */
    Optional<RecordingView> recording(GetRecording query, Predicate<RecordingView> settled, Duration timeout) {
        return await(queryGateway.subscriptionQuery(query, ResponseTypes.instanceOf(RecordingView.class),
                        ResponseTypes.instanceOf(RecordingView.class)), poll(query, RecordingView.class),
                settled, timeout);
    }

    /** One command's wait for the meeting view; {@code projected} is null without the projection in this process. */
    final class MeetingWait implements AutoCloseable {

        private final GetMeeting query;
        private final MeetingViewProgress.Wait projected;

        private MeetingWait(GetMeeting query, MeetingViewProgress.Wait projected) {
            this.query = query;
            this.projected = projected;
        }

        /** The meeting view at {@code version} or later; else the latest view seen within the bound, if any. */
        Optional<MeetingView> atLeast(long version, Duration timeout) {
            if (projected == null) {
                return await(queryGateway.subscriptionQuery(query, ResponseTypes.instanceOf(MeetingView.class),
                                ResponseTypes.instanceOf(MeetingView.class)), poll(query, MeetingView.class),
                        v -> v.version() >= version, timeout);
            }
            return projectedHere(version, timeout);
        }

        /**
         * On the request's thread: reads the view once the projection has reported the version (the report follows
         * the commit, so that read shows it), or when a poll interval has passed without a report (another node may
         * project the meeting), and never after the bound. A read after the report that still does not show the
         * version (the caller is no longer a participant) ends the wait as the bound would.
         */
        private Optional<MeetingView> projectedHere(long version, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            MeetingView latest = null;
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    boolean reported = projected.reached(version, Duration.ofNanos(Math.max(0,
                            Math.min(left, pollInterval.toNanos()))));
                    if (!reported && deadline - System.nanoTime() <= 0) {
                        break;
                    }
                    latest = read(query, deadline, latest);
                    if (reported || latest != null && latest.version() >= version) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(latest);
        }

        @Override
        public void close() {
            if (projected != null) {
                projected.close();
            }
        }
    }

    /** The view now, or {@code latest} if it cannot be read (not projected yet: NOT_FOUND) within the bound. */
    private MeetingView read(GetMeeting query, long deadline, MeetingView latest) throws InterruptedException {
        try {
            return queryGateway.query(query, MeetingView.class)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("View not available: {}", e.toString());
            return latest;
        }
    }

    /**
     * Runs a point query on the bounded-elastic scheduler as a plain task. A local query blocks on JDBC in the
     * thread that dispatches it, so it must leave the tick's parallel scheduler (one thread per core), where it
     * starved the timers of every other wait. It is not subscribed on that scheduler: Reactor interrupts a
     * subscribeOn worker that is still running when the wait ends, and an interrupt inside the embedded database's
     * file I/O closes the whole store. A task handed over here finishes its read; a late result is dropped.
     */
    private static final Executor UNINTERRUPTED_READS = task -> Schedulers.boundedElastic().schedule(task);

    /** The view re-read on every poll tick; a failed read (not projected yet) is skipped. */
    private <T> Flux<T> poll(Object query, Class<T> type) {
        // a tick while the previous read is still running is dropped: without it the interval fails the whole
        // wait (OverflowException) as soon as one read outlasts the poll interval, as on a loaded machine
        return Flux.interval(pollInterval, pollInterval)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromFuture(() -> CompletableFuture
                                .supplyAsync(() -> queryGateway.query(query, type), UNINTERRUPTED_READS)
                                .thenCompose(result -> result))
                        .onErrorResume(e -> Mono.empty()));
    }

    private static <T> Optional<T> await(SubscriptionQueryResult<T, T> subscription, Flux<T> polled, Predicate<T> done,
                                         Duration timeout) {
        AtomicReference<T> latest = new AtomicReference<>();
        try {
            // The command has succeeded, so a failing initial query only means the view has not caught up yet
            // (NOT_FOUND until its first event is projected): keep waiting for updates.
            Mono<T> initial = subscription.initialResult().onErrorResume(e -> {
                log.debug("Initial view not available yet: {}", e.toString());
                return Mono.empty();
            });
            T reached = Flux.concat(initial, Flux.merge(subscription.updates(), polled))
                    .doOnNext(latest::set)
                    .filter(done)
                    .next()
                    .timeout(timeout, Mono.empty())
                    .onErrorResume(e -> {
                        log.warn("View updates failed while waiting: {}", e.toString());
                        return Mono.empty();
                    })
                    .block();
            return Optional.ofNullable(reached != null ? reached : latest.get());
        } finally {
            subscription.cancel();
        }
    }
}
