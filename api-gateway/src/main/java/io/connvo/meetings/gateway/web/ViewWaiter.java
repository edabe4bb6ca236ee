package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.platform.ViewProgress;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Waits, bounded and without sleeping, for a view to show a command's effect.
 * <p>
 * Where this process projects the view ({@link ViewProgress} present: the standalone application), a wait registers
 * with the projection's progress before the command is sent and reads the view when the projection reports a commit
 * for the meeting: no subscription query, no view read by the projection on the waiter's behalf. For the meeting view
 * that is the report of the command's version, so no read finds the view behind; a recording's outcome comes later,
 * from the saga, so its wait reads at each report until the recording has settled. Elsewhere (the distributed
 * gateway) it subscribes to the view's subscription query, takes the initial result and then the updates, and stops
 * at the first one that satisfies the condition; the subscription is always closed.
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
    private final ViewProgress meetingProgress;
    private final ViewProgress recordingProgress;

    ViewWaiter(QueryGateway queryGateway, ConsistencyProperties consistency,
               @Qualifier(ViewProgress.MEETING_VIEW) Optional<ViewProgress> meetingProgress,
               @Qualifier(ViewProgress.RECORDING_VIEW) Optional<ViewProgress> recordingProgress) {
        this.queryGateway = queryGateway;
        this.pollInterval = consistency.viewPollInterval();
        this.meetingProgress = meetingProgress.orElse(null);
        this.recordingProgress = recordingProgress.orElse(null);
    }

    /**
     * A wait for the meeting view, opened before the command is sent: where the meeting view is projected in this
     * process, every commit of the command's events is reported to it. Close it when the response is decided.
     */
    MeetingWait meeting(GetMeeting query) {
        return new MeetingWait(query, meetingProgress == null ? null : meetingProgress.watch(query.meetingId()));
    }

    /**
     * A wait for a recording, opened before the command that starts or changes it is sent: where the recordings view
     * is projected in this process, every commit of the meeting's recordings is reported to it. Close it when the
     * response is decided.
     */
    RecordingWait recording(GetRecording query) {
        return new RecordingWait(query, recordingProgress == null ? null : recordingProgress.watch(query.meetingId()));
    }

    /** A wait registered with a view's progress in this process; {@code projected} is null without the projection. */
    private abstract static class Registered implements AutoCloseable {

        final ViewProgress.Wait projected;

        Registered(ViewProgress.Wait projected) {
            this.projected = projected;
        }

        @Override
        public void close() {
            if (projected != null) {
                projected.close();
            }
        }
    }

    /** One command's wait for the meeting view. */
    final class MeetingWait extends Registered {

        private final GetMeeting query;

        private MeetingWait(GetMeeting query, ViewProgress.Wait projected) {
            super(projected);
            this.query = query;
        }

        /**
         * The meeting view at {@code version} or later; else the latest view seen within the bound, if any. A read
         * after the report that still does not show the version (the caller is no longer a participant) ends the
         * wait as the bound would.
         */
        Optional<MeetingView> atLeast(long version, Duration timeout) {
            if (projected == null) {
                return await(queryGateway.subscriptionQuery(query, ResponseTypes.instanceOf(MeetingView.class),
                                ResponseTypes.instanceOf(MeetingView.class)), poll(query, MeetingView.class),
                        v -> v.version() >= version, timeout);
            }
            return projectedHere(projected, query, MeetingView.class, version, v -> v.version() >= version, version,
                    timeout);
        }
    }

    /** One command's wait for a recording. */
    final class RecordingWait extends Registered {

        private final GetRecording query;

        private RecordingWait(GetRecording query, ViewProgress.Wait projected) {
            super(projected);
            this.query = query;
        }

        /** The recording once {@code settled} holds; else the latest view of it seen within the bound, if any. */
        Optional<RecordingView> until(Predicate<RecordingView> settled, Duration timeout) {
            if (projected == null) {
                return await(queryGateway.subscriptionQuery(query, ResponseTypes.instanceOf(RecordingView.class),
                                ResponseTypes.instanceOf(RecordingView.class)), poll(query, RecordingView.class),
                        settled, timeout);
            }
            return projectedHere(projected, query, RecordingView.class, 0, settled, Long.MAX_VALUE, timeout);
        }
    }

    /**
     * On the request's thread: reads the view at each report from version {@code from} on (the report follows the
     * commit, so that read shows it), or when a poll interval has passed without one (another node may project the
     * meeting), until the view is {@code done}, a report reaches {@code enough}, or the bound passes.
     */
    private <T> Optional<T> projectedHere(ViewProgress.Wait projected, Object query, Class<T> type, long from,
                                          Predicate<T> done, long enough, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long next = from;
        T latest = null;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                boolean reported = projected.reached(next, Duration.ofNanos(Math.max(0,
                        Math.min(left, pollInterval.toNanos()))));
                if (!reported && deadline - System.nanoTime() <= 0) {
                    break;
                }
                latest = read(query, type, deadline, latest);
                if (latest != null && done.test(latest) || projected.reported() >= enough) {
                    break;
                }
                if (reported) {
                    next = projected.reported() + 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(latest);
    }

    /** The view now, or {@code latest} if it cannot be read (not projected yet: NOT_FOUND) within the bound. */
    private <T> T read(Object query, Class<T> type, long deadline, T latest) throws InterruptedException {
        try {
            return queryGateway.query(query, type).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
