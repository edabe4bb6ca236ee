package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.MeetingView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The bounded wait on a subscription query, with the view's arrival under the test's control. */
class ViewWaiterTest {

    private static final MeetingId MEETING = new MeetingId("meeting_1");
    private static final GetMeeting QUERY = new GetMeeting(MEETING, new UserId("host"));

    private final QueryGateway queryGateway = mock(QueryGateway.class);
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @Test
    void notYetProjectedMeetingIsWaitedForThroughItsUpdates() {
        subscription(Mono.error(MeetingException.notFound("Meeting")), Flux.just(view(0), view(1), view(3), view(4)));

        assertThat(waiter().meetingAtLeast(QUERY, 3, Duration.ofSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(3));
        assertThat(cancelled).isTrue();
    }

    @Test
    void theInitialResultIsEnoughWhenItIsCurrent() {
        subscription(Mono.just(view(5)), Flux.never());

        assertThat(waiter().meetingAtLeast(QUERY, 5, Duration.ofSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(5));
        assertThat(cancelled).isTrue();
    }

    @Test
    void atTheBoundTheLatestViewSeenIsReturned() {
        subscription(Mono.just(view(1)), Flux.never());

        assertThat(waiter().meetingAtLeast(QUERY, 2, Duration.ofMillis(100)))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        assertThat(cancelled).isTrue();
    }

    @Test
    void nothingSeenAndFailingUpdatesGiveNothing() {
        subscription(Mono.error(MeetingException.notFound("Meeting")), Flux.error(new IllegalStateException("bus down")));

        assertThat(waiter().meetingAtLeast(QUERY, 1, Duration.ofSeconds(5))).isEmpty();
        assertThat(cancelled).isTrue();
    }

    /** Polling on: the mocked point query answers nothing, so only the subscription can deliver. */
    private ViewWaiter waiter() {
        return new ViewWaiter(queryGateway, new ConsistencyProperties(3, Duration.ofMillis(20), Duration.ofMillis(20)));
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
