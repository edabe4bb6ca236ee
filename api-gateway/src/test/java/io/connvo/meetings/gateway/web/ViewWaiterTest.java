package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.platform.ViewProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded wait for a view, with the view's arrival under the test's control: on a subscription query (a gateway
 * without the meeting view in its process), and on the progress of the projection in the same process.
 */
class ViewWaiterTest {

    private static final MeetingId MEETING = new MeetingId("meeting_1");
    private static final GetMeeting QUERY = new GetMeeting(MEETING, new UserId("host"));
    private static final GetRecording RECORDING_QUERY =
            new GetRecording(MEETING, new RecordingId("recording_1"), new UserId("host"));
    /** A poll interval longer than any bound here: only the projection's report can end the wait early. */
    private static final Duration NEVER = Duration.ofHours(1);

    private final QueryGateway queryGateway = mock(QueryGateway.class);
    private final ViewProgress progress = new ViewProgress();
    private final ViewProgress recordingProgress = new ViewProgress();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @Test
    void notYetProjectedMeetingIsWaitedForThroughItsUpdates() {
        subscription(Mono.error(MeetingException.notFound("Meeting")), Flux.just(view(0), view(1), view(3), view(4)));

        assertThat(atLeast(waiter(), 3, Duration.ofSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(3));
        assertThat(cancelled).isTrue();
    }

    @Test
    void theInitialResultIsEnoughWhenItIsCurrent() {
        subscription(Mono.just(view(5)), Flux.never());

        assertThat(atLeast(waiter(), 5, Duration.ofSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(5));
        assertThat(cancelled).isTrue();
    }

    @Test
    void atTheBoundTheLatestViewSeenIsReturned() {
        subscription(Mono.just(view(1)), Flux.never());

        assertThat(atLeast(waiter(), 2, Duration.ofMillis(100)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        assertThat(cancelled).isTrue();
    }

    @Test
    void nothingSeenAndFailingUpdatesGiveNothing() {
        subscription(Mono.error(MeetingException.notFound("Meeting")), Flux.error(new IllegalStateException("bus down")));

        assertThat(atLeast(waiter(), 1, Duration.ofSeconds(5))).isEmpty();
        assertThat(cancelled).isTrue();
    }

    /**
     * A point query still reading (here: blocked as a JDBC read would be) when the wait ends is left to finish, never
     * interrupted: an interrupt inside the embedded database's file I/O closes the whole store.
     */
    @Test
    void aPollStillReadingWhenTheWaitEndsIsNotInterrupted() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        when(queryGateway.query(any(), eq(MeetingView.class))).thenAnswer(invocation -> {
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                finished.countDown();
            }
            return CompletableFuture.completedFuture(view(0));
        });
        subscription(Mono.error(MeetingException.notFound("Meeting")),
                Mono.fromCallable(() -> reading.await(10, TimeUnit.SECONDS)).subscribeOn(Schedulers.boundedElastic())
                        .thenMany(Flux.just(view(2))));

        assertThat(atLeast(waiter(), 2, Duration.ofSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
        Thread.sleep(200); // room for a cancellation to arrive at the reading thread
        release.countDown();
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).as("the reading thread was interrupted").isFalse();
    }

    // ---- the meeting view projected in this process

    /**
     * The projection commits the command's events and reports the version before the command's answer is back at
     * the gateway: the wait was opened before the command was sent, so it has the report and reads the view once. A
     * wait that registered only when it began waiting would miss the report and, with no poll within the bound,
     * answer nothing.
     */
    @Test
    void aVersionReportedBeforeTheWaitBeginsIsNotMissed() {
        reads(view(3));

        try (ViewWaiter.MeetingWait wait = localWaiter(NEVER).meeting(QUERY)) {
            progress.projected(MEETING, 3);
            assertThat(wait.atLeast(3, Duration.ofSeconds(5)))
                    .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(3));
        }
        verify(queryGateway, times(1)).query(any(), eq(MeetingView.class));
        verify(queryGateway, never()).subscriptionQuery(any(), any(ResponseType.class), any(ResponseType.class));
    }

    @Test
    void aWaitReadsTheViewWhenTheCommandsVersionIsReported() throws Exception {
        reads(view(2));
        try (ViewWaiter.MeetingWait wait = localWaiter(NEVER).meeting(QUERY)) {
            CompletableFuture<Optional<MeetingView>> waited =
                    CompletableFuture.supplyAsync(() -> wait.atLeast(2, Duration.ofSeconds(5)));
            progress.projected(MEETING, 1);
            progress.projected(MEETING, 2);

            assertThat(waited.get(5, TimeUnit.SECONDS)).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
        }
        verify(queryGateway, times(1)).query(any(), eq(MeetingView.class));
    }

    /** Another node projects the meeting: nothing is reported here, and the poll reads find the version. */
    @Test
    void aVersionProjectedElsewhereIsFoundByPolling() {
        reads(view(1), view(1), view(3));

        assertThat(atLeast(localWaiter(Duration.ofMillis(20)), 3, Duration.ofSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(3));
    }

    @Test
    void atTheBoundALocalWaitReturnsTheLatestViewRead() {
        reads(view(1));

        assertThat(atLeast(localWaiter(Duration.ofMillis(20)), 2, Duration.ofMillis(100)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
    }

    // ---- a recording projected in this process

    /**
     * A recording's outcome comes from the saga after the command's answer: the wait, opened before the command was
     * sent, reads the recording at each report of the meeting's recordings (its start, then its activation) and ends
     * at the first read that has settled, with no subscription query and no poll.
     */
    @Test
    void aRecordingIsReadAtEachReportUntilItHasSettled() throws Exception {
        readsRecording(recording(RecordingStatus.STARTING, 5), recording(RecordingStatus.ACTIVE, 6));
        try (ViewWaiter.RecordingWait wait = localWaiter(NEVER).recording(RECORDING_QUERY)) {
            recordingProgress.projected(MEETING, 5);
            CompletableFuture<Optional<RecordingView>> waited = CompletableFuture.supplyAsync(
                    () -> wait.until(r -> r.status() != RecordingStatus.STARTING, Duration.ofSeconds(5)));
            verify(queryGateway, timeout(5_000)).query(any(), eq(RecordingView.class));
            recordingProgress.projected(MEETING, 6);

            assertThat(waited.get(5, TimeUnit.SECONDS))
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RecordingStatus.ACTIVE));
        }
        verify(queryGateway, times(2)).query(any(), eq(RecordingView.class));
        verify(queryGateway, never()).subscriptionQuery(any(), any(ResponseType.class), any(ResponseType.class));
    }

    /** Only the recordings view's reports count: the meeting view's progress is another view's. */
    @Test
    void aRecordingWaitIgnoresTheMeetingViewsReports() {
        readsRecording(recording(RecordingStatus.ACTIVE, 6));
        try (ViewWaiter.RecordingWait wait = localWaiter(NEVER).recording(RECORDING_QUERY)) {
            progress.projected(MEETING, 6);

            assertThat(wait.until(r -> r.status() != RecordingStatus.STARTING, Duration.ofMillis(100))).isEmpty();
        }
        verify(queryGateway, never()).query(any(), eq(RecordingView.class));
    }

    private static Optional<MeetingView> atLeast(ViewWaiter waiter, long version, Duration timeout) {
        try (ViewWaiter.MeetingWait wait = waiter.meeting(QUERY)) {
            return wait.atLeast(version, timeout);
        }
    }

    /** Polling on: the mocked point query answers nothing, so only the subscription can deliver. */
    private ViewWaiter waiter() {
        return new ViewWaiter(queryGateway, new ConsistencyProperties(3, Duration.ofMillis(20), Duration.ofMillis(20)),
                Optional.empty(), Optional.empty());
    }

    private ViewWaiter localWaiter(Duration pollInterval) {
        return new ViewWaiter(queryGateway, new ConsistencyProperties(3, Duration.ofMillis(20), pollInterval),
                Optional.of(progress), Optional.of(recordingProgress));
    }

    /** The point query's answers in turn, the last one repeated. */
    private void reads(MeetingView first, MeetingView... then) {
        when(queryGateway.query(any(), eq(MeetingView.class))).thenReturn(CompletableFuture.completedFuture(first),
                Arrays.stream(then).map(CompletableFuture::completedFuture).toArray(CompletableFuture[]::new));
    }

    private void readsRecording(RecordingView first, RecordingView... then) {
        when(queryGateway.query(any(), eq(RecordingView.class))).thenReturn(CompletableFuture.completedFuture(first),
                Arrays.stream(then).map(CompletableFuture::completedFuture).toArray(CompletableFuture[]::new));
    }

    private static RecordingView recording(RecordingStatus status, long version) {
        return new RecordingView(RECORDING_QUERY.recordingId(), MEETING, status, RecordingConfig.defaults(),
                new UserId("host"), null, null, null, Instant.EPOCH, null, null, null, null, null, version);
    }

    @SuppressWarnings("unchecked")
    private void subscription(Mono<MeetingView> initial, Flux<MeetingView> updates) {
        when(queryGateway.subscriptionQuery(any(), any(ResponseType.class), any(ResponseType.class)))
                .thenReturn(new DefaultSubscriptionQueryResult<>(initial, updates, () -> {
                    cancelled.set(true);
                    return true;
                }));
    }

    private static MeetingView view(long version) {
        return new MeetingView(MEETING, "t", null, new UserId("host"), MeetingState.SCHEDULED, Tier.FREE,
                VideoProvider.WEBRTC, true, "webrtc_meeting_1", RoomStatus.NONE, null, TranscriptionStatus.NONE, null,
                null, 4, false, List.of(), null, null, null, null, null, version);
    }
}
