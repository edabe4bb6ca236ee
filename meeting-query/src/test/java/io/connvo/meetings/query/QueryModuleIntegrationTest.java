package io.connvo.meetings.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.ListRecordings;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.RecordingList;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.platform.ReplayBatches;
import io.connvo.meetings.platform.ViewProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The module as an application runs it: Spring Boot with Axon's auto-configuration, pooled streaming processors per
 * processing group, Flyway creating the tables on H2 (PostgreSQL mode), events read from an event store, and the
 * gateway's read-your-writes wait through subscription queries. Only the stores are in memory, until the platform
 * module provides the JDBC ones.
 */
@SpringBootTest(classes = QueryModuleIntegrationTest.App.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.eventhandling.processors.meeting-view.mode=pooled",
        "axon.eventhandling.processors.recording-view.mode=pooled",
        "spring.datasource.url=jdbc:h2:mem:query-module;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1"})
class QueryModuleIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final MeetingId MEETING = new MeetingId("meeting_it");
    private static final UserId HOST = new UserId("user_host");
    private static final RecordingId RECORDING = new RecordingId("recording_it");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({QueryModule.class, ReplayBatches.class})
    static class App {

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        @Bean
        TokenStore tokenStore() {
            return new InMemoryTokenStore();
        }

        @Bean
        SagaStore<Object> sagaStore() {
            return new InMemorySagaStore();
        }
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    @Qualifier(ViewProgress.MEETING_VIEW)
    ViewProgress progress;
    @Autowired
    @Qualifier(ViewProgress.RECORDING_VIEW)
    ViewProgress recordingProgress;

    @Test
    void projectsEventsFromTheStoreAndRebuildsTheViewsAfterAReset() {
        assertThat(processing.eventProcessorByProcessingGroup(MeetingViewProjection.GROUP, PooledStreamingEventProcessor.class)).isPresent();
        assertThat(processing.eventProcessorByProcessingGroup(RecordingViewProjection.GROUP, PooledStreamingEventProcessor.class)).isPresent();

        publish(0, new MeetingCreated(MEETING, HOST, "Review", null, null, Tier.PAID, VideoProvider.GETSTREAM, 25, true, T0, null));
        publish(1, new ParticipantAdded(MEETING, HOST, ParticipantRole.HOST, HOST, T0));
        publish(2, new MeetingStarted(MEETING, HOST, HOST, "Review", Tier.PAID, VideoProvider.GETSTREAM, 25, List.of(HOST), T0));
        publish(3, new VideoRoomProvisioned(MEETING, "default:meeting_it", T0));
        publish(4, new RecordingStarted(MEETING, RECORDING, HOST, RecordingConfig.defaults(), "default:meeting_it", T0));
        // What the gateway does after startMeeting returned version 2: wait for a view at least that new.
        MeetingView meeting = awaitMeeting(view -> view.version() >= 4);
        assertThat(meeting.state()).isEqualTo(MeetingState.ACTIVE);
        assertThat(meeting.roomId()).isEqualTo("default:meeting_it");
        assertThat(meeting.currentRecordingId()).isEqualTo(RECORDING);

        // What the gateway does after startRecording: subscribe first, then wait for the outcome.
        CompletableFuture<RecordingView> outcome = awaitRecording(view -> view.status() != RecordingStatus.STARTING, false);
        publish(5, new RecordingActivated(MEETING, RECORDING, T0.plusSeconds(1)));
        assertThat(outcome.join().status()).isEqualTo(RecordingStatus.ACTIVE);

        MeetingView beforeReset = awaitMeeting(view -> view.version() >= 5);
        RecordingList recordingsBeforeReset = queries.query(new ListRecordings(MEETING, HOST), RecordingList.class).join();
        assertThat(recordingsBeforeReset.recordings()).hasSize(1);

        // Replay emits the rebuilt views as updates. Recording updates go to the meeting's participants only, so
        // the meeting view is rebuilt first: while it replays, the participants are not known yet.
        replay(MeetingViewProjection.GROUP);
        assertThat(awaitMeeting(view -> view.version() >= 5)).isEqualTo(beforeReset);
        CompletableFuture<RecordingView> rebuiltRecording = awaitRecording(view -> view.version() >= 5, true);
        replay(RecordingViewProjection.GROUP);
        assertThat(rebuiltRecording.join()).isEqualTo(recordingsBeforeReset.recordings().get(0));
        assertThat(queries.query(new ListRecordings(MEETING, HOST), RecordingList.class).join()).isEqualTo(recordingsBeforeReset);
    }

    /** What the gateway in the same process does around createMeeting (version 1): watch, send, wait for the report. */
    @Test
    void reportsEachMeetingsVersionOnceItsViewIsCommitted() throws Exception {
        MeetingId meeting = new MeetingId("meeting_progress");
        try (ViewProgress.Wait created = progress.watch(meeting)) {
            publish(meeting, 0, new MeetingCreated(meeting, HOST, "Sync", null, null, Tier.FREE, VideoProvider.WEBRTC,
                    4, false, T0, null));
            publish(meeting, 1, new ParticipantAdded(meeting, HOST, ParticipantRole.HOST, HOST, T0));

            assertThat(created.reached(1, WAIT)).isTrue();
            assertThat(queries.query(new GetMeeting(meeting, HOST), MeetingView.class).join().version()).isEqualTo(1);
        }
    }

    /** What the gateway in the same process does around startRecording: watch, send, read at each report. */
    @Test
    void reportsEachChangeOfAMeetingsRecordingsOnceItIsCommitted() throws Exception {
        MeetingId meeting = new MeetingId("meeting_recording_progress");
        RecordingId recording = new RecordingId("recording_progress");
        publish(meeting, 0, new MeetingCreated(meeting, HOST, "Demo", null, null, Tier.PAID, VideoProvider.GETSTREAM,
                25, true, T0, null));
        publish(meeting, 1, new ParticipantAdded(meeting, HOST, ParticipantRole.HOST, HOST, T0));
        try (ViewProgress.Wait started = recordingProgress.watch(meeting)) {
            publish(meeting, 2, new RecordingStarted(meeting, recording, HOST, RecordingConfig.defaults(),
                    "default:" + meeting.value(), T0));
            assertThat(started.reached(2, WAIT)).isTrue();

            publish(meeting, 3, new RecordingActivated(meeting, recording, T0.plusSeconds(1)));
            assertThat(started.reached(3, WAIT)).isTrue();
            assertThat(queries.query(new GetRecording(meeting, recording, HOST), RecordingView.class).join().status())
                    .isEqualTo(RecordingStatus.ACTIVE);
        }
    }

    private void publish(long sequence, Object event) {
        publish(MEETING, sequence, event);
    }

    private void publish(MeetingId meeting, long sequence, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>("Meeting", meeting.value(), sequence, event));
    }

    private void replay(String group) {
        StreamingEventProcessor processor = processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    /** The current view if it already matches, else the first update that does: no polling, no sleeping. */
    private MeetingView awaitMeeting(Predicate<MeetingView> condition) {
        SubscriptionQueryResult<MeetingView, MeetingView> subscription = queries.subscriptionQuery(
                new GetMeeting(MEETING, HOST), ResponseTypes.instanceOf(MeetingView.class),
                ResponseTypes.instanceOf(MeetingView.class));
        try {
            return Flux.concat(subscription.initialResult().onErrorResume(e -> Mono.empty()), subscription.updates())
                    .filter(condition)
                    .blockFirst(WAIT);
        } finally {
            subscription.cancel();
        }
    }

    /**
     * Subscribes now; the returned future completes with the first recording view that matches, the current one
     * included unless {@code updatesOnly}.
     */
    private CompletableFuture<RecordingView> awaitRecording(Predicate<RecordingView> condition, boolean updatesOnly) {
        SubscriptionQueryResult<RecordingView, RecordingView> subscription = queries.subscriptionQuery(
                new GetRecording(MEETING, RECORDING, HOST), ResponseTypes.instanceOf(RecordingView.class),
                ResponseTypes.instanceOf(RecordingView.class));
        Mono<RecordingView> current = updatesOnly ? Mono.empty() : subscription.initialResult().onErrorResume(e -> Mono.empty());
        return Flux.concat(current, subscription.updates())
                .filter(condition)
                .next()
                .doFinally(signal -> subscription.cancel())
                .toFuture()
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
