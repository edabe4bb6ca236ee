package io.connvo.meetings.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.MeetingState;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.Presence;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RecordingQuality;
import io.connvo.meetings.api.RecordingStatus;
import io.connvo.meetings.api.RoomStatus;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.TranscriptionStatus;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.MeetingCancelled;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.api.event.ParticipantLeft;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.ParticipantRoleUpdated;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingReady;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.event.TranscriptionFailed;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionReady;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import io.connvo.meetings.api.query.GetMeeting;
import io.connvo.meetings.api.query.GetRecording;
import io.connvo.meetings.api.query.ListRecordings;
import io.connvo.meetings.api.query.ListUserMeetings;
import io.connvo.meetings.api.query.MeetingView;
import io.connvo.meetings.api.query.ParticipantView;
import io.connvo.meetings.api.query.RecordingList;
import io.connvo.meetings.api.query.RecordingView;
import io.connvo.meetings.api.query.UserMeetingPage;
import io.connvo.meetings.api.query.UserMeetingSummary;
import io.connvo.meetings.platform.ReplayBatches;
import io.connvo.meetings.platform.ViewProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The projections and query handlers through Axon's own handler adapters, unit of work, query bus and update
 * emitter, against a database migrated by the module's Flyway scripts: H2 in PostgreSQL mode and real PostgreSQL.
 */
abstract class AbstractProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final MeetingId MEETING = new MeetingId("meeting_a");
    private static final MeetingId OTHER_MEETING = new MeetingId("meeting_b");
    private static final UserId HOST = new UserId("user_host");
    private static final UserId GUEST = new UserId("user_guest");
    private static final UserId STRANGER = new UserId("user_stranger");
    private static final RecordingId REC1 = new RecordingId("recording_1");
    private static final RecordingId REC2 = new RecordingId("recording_2");
    private static final RecordingConfig HD_SPOTLIGHT =
            new RecordingConfig(RecordingMode.AVAILABLE, true, RecordingQuality.P1080, RecordingLayout.SPOTLIGHT);

    private static JdbcClient jdbc;
    private static NamedParameterJdbcTemplate namedJdbc;
    /** JDBC operations of the projections: outside a transaction, each takes a connection of its own. */
    private static final AtomicInteger operations = new AtomicInteger();

    private AnnotationEventHandlerAdapter meetingView;
    private AnnotationEventHandlerAdapter recordingView;
    private QueryGateway queries;
    private final Map<MeetingId, Long> nextSequence = new HashMap<>();
    private final List<DomainEventMessage<?>> published = new ArrayList<>();

    /** Called once by each subclass before its tests. */
    static void useDatabase(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        namedJdbc = new NamedParameterJdbcTemplate(new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                operations.incrementAndGet();
                return super.getConnection();
            }
        });
        jdbc = JdbcClient.create(namedJdbc);
    }

    @BeforeEach
    void setUp() {
        jdbc.sql("DELETE FROM meeting_participant_view").update();
        jdbc.sql("DELETE FROM meeting_view").update();
        jdbc.sql("DELETE FROM recording_view").update();
        SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
        SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
        ViewReader views = new ViewReader(jdbc);
        new AnnotationQueryHandlerAdapter<>(new MeetingQueryHandler(views)).subscribe(bus);
        queries = DefaultQueryGateway.builder().queryBus(bus).build();
        meetingView = new AnnotationEventHandlerAdapter(new MeetingViewProjection(namedJdbc, views, emitter, new ViewProgress(),
                new ReplayBatches()));
        recordingView = new AnnotationEventHandlerAdapter(new RecordingViewProjection(jdbc, views, emitter, new ViewProgress()));
    }

    // ---- meeting view: every event's effect

    @Test
    void webrtcMeetingFromCreationToConclusion() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        MeetingView created = meeting(HOST);
        assertThat(created).isEqualTo(new MeetingView(MEETING, "Standup", "daily", HOST, MeetingState.SCHEDULED,
                Tier.FREE, VideoProvider.WEBRTC, true, "webrtc_meeting_a", RoomStatus.NONE, null,
                TranscriptionStatus.NONE, null, null, 4, false,
                List.of(new ParticipantView(HOST, ParticipantRole.HOST, Presence.INVITED, null, null)),
                T0.plusSeconds(3600), T0, null, null, null, 1));

        publish(new ParticipantAdded(MEETING, GUEST, ParticipantRole.PARTICIPANT, HOST, at(1)));
        publish(new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.FREE, VideoProvider.WEBRTC, 4, List.of(HOST, GUEST), at(2)));
        publish(new ParticipantJoined(MEETING, HOST, at(3)));
        publish(new ParticipantJoined(MEETING, GUEST, at(4)));
        publish(new TranscriptionInitialized(MEETING, "whisper", "session-1", at(5)));
        publish(new ParticipantLeft(MEETING, GUEST, at(6)));
        long ended = publish(new MeetingEnded(MEETING, HOST, VideoProvider.WEBRTC, null, true, at(7)));

        assertThat(meeting(GUEST)).isEqualTo(new MeetingView(MEETING, "Standup", "daily", HOST, MeetingState.CONCLUDED,
                Tier.FREE, VideoProvider.WEBRTC, true, "webrtc_meeting_a", RoomStatus.NONE, null,
                TranscriptionStatus.ACTIVE, "whisper", null, 4, false,
                List.of(new ParticipantView(HOST, ParticipantRole.HOST, Presence.JOINED, at(3), null),
                        new ParticipantView(GUEST, ParticipantRole.PARTICIPANT, Presence.LEFT, at(4), at(6))),
                T0.plusSeconds(3600), T0, at(2), at(7), null, ended));
    }

    @Test
    void roleUpdatesShowAndARemovedParticipantNoLongerSeesTheMeeting() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        publish(new ParticipantAdded(MEETING, GUEST, ParticipantRole.PARTICIPANT, HOST, at(1)));
        publish(new ParticipantRoleUpdated(MEETING, GUEST, ParticipantRole.HOST, HOST, at(2)));
        assertThat(meeting(GUEST).participants()).extracting(ParticipantView::role)
                .containsExactly(ParticipantRole.HOST, ParticipantRole.HOST);

        long removed = publish(new ParticipantRemoved(MEETING, GUEST, HOST, at(3)));

        assertThat(meeting(HOST).participants()).extracting(ParticipantView::userId).containsExactly(HOST);
        assertThat(meeting(HOST).version()).isEqualTo(removed);
        assertThat(errorOf(() -> meeting(GUEST)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(userMeetings(GUEST, null, null, 10).meetings()).isEmpty();
    }

    @Test
    void aUsersMeetingsComeNewestFirstFilteredByStateAndInPages() {
        List<MeetingId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MeetingId id = new MeetingId("meeting_list_" + i);
            created.add(id);
            // meetings 1 and 2 were created at the same instant: the id breaks the tie
            Instant createdAt = at(i == 2 ? 1 : i);
            publish(new MeetingCreated(id, HOST, "Meeting " + i, null, null, Tier.FREE, VideoProvider.WEBRTC, 4, false,
                    createdAt, null));
            publish(new ParticipantAdded(id, HOST, ParticipantRole.HOST, HOST, createdAt));
        }
        publish(new ParticipantAdded(created.get(3), GUEST, ParticipantRole.PARTICIPANT, HOST, at(10)));
        publish(new MeetingCancelled(created.get(0), HOST, null, at(11)));

        List<MeetingId> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            UserMeetingPage page = userMeetings(HOST, null, cursor, 2);
            page.meetings().forEach(m -> paged.add(m.meetingId()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(paged).containsExactly(created.get(4), created.get(3), created.get(2), created.get(1), created.get(0));
        assertThat(pages).isEqualTo(3);

        UserMeetingPage cancelled = userMeetings(HOST, MeetingState.CANCELLED, null, 10);
        assertThat(cancelled.meetings()).extracting(UserMeetingSummary::meetingId).containsExactly(created.get(0));
        assertThat(cancelled.nextCursor()).isNull();
        UserMeetingSummary guests = userMeetings(GUEST, null, null, 10).meetings().get(0);
        assertThat(guests.meetingId()).isEqualTo(created.get(3));
        assertThat(guests.role()).isEqualTo(ParticipantRole.PARTICIPANT);
        assertThat(guests.hostId()).isEqualTo(HOST);
        assertThat(guests.createdAt()).isEqualTo(at(3));

        assertThat(errorOf(() -> userMeetings(HOST, null, "not-a-cursor", 10)))
                .isEqualTo(new ErrorDetails(ErrorCode.VALIDATION_ERROR, "cursor is not one this service returned",
                        Map.of("field", "cursor")));
        assertThat(errorOf(() -> userMeetings(HOST, null, null, 0)).metadata()).containsEntry("field", "limit");
        assertThat(errorOf(() -> userMeetings(HOST, null, null, 101)).metadata()).containsEntry("field", "limit");
    }

    @Test
    void rejoiningClearsTheLeftTime() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        publish(new ParticipantJoined(MEETING, HOST, at(1)));
        publish(new ParticipantLeft(MEETING, HOST, at(2)));
        publish(new ParticipantJoined(MEETING, HOST, at(3)));

        assertThat(meeting(HOST).participants())
                .containsExactly(new ParticipantView(HOST, ParticipantRole.HOST, Presence.JOINED, at(3), null));
    }

    @Test
    void getstreamRoomIsPendingUntilProvisioned() {
        createMeeting(MEETING, Tier.PAID, VideoProvider.GETSTREAM, 25, true);
        MeetingView pending = meeting(HOST);
        assertThat(pending.webrtcReady()).isFalse();
        assertThat(pending.roomId()).isNull();
        assertThat(pending.roomStatus()).isEqualTo(RoomStatus.PENDING);
        assertThat(pending.tier()).isEqualTo(Tier.PAID);
        assertThat(pending.maxParticipants()).isEqualTo(25);
        assertThat(pending.recordingEnabled()).isTrue();

        publish(new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.PAID, VideoProvider.GETSTREAM, 25, List.of(HOST), at(1)));
        publish(new VideoRoomProvisioned(MEETING, "default:meeting_a", at(2)));
        long initialized = publish(new TranscriptionInitialized(MEETING, "getstream", "s", at(3)));

        MeetingView provisioned = meeting(HOST);
        assertThat(provisioned.state()).isEqualTo(MeetingState.ACTIVE);
        assertThat(provisioned.startedAt()).isEqualTo(at(1));
        assertThat(provisioned.roomId()).isEqualTo("default:meeting_a");
        assertThat(provisioned.roomStatus()).isEqualTo(RoomStatus.PROVISIONED);
        assertThat(provisioned.webrtcReady()).isFalse();
        assertThat(provisioned.videoProvider()).isEqualTo(VideoProvider.GETSTREAM);
        assertThat(provisioned.transcriptionStatus()).isEqualTo(TranscriptionStatus.ACTIVE);
        assertThat(provisioned.transcriptionProvider()).isEqualTo("getstream");
        assertThat(provisioned.version()).isEqualTo(initialized);
    }

    @Test
    void provisioningFailureFallsBackToWebrtc() {
        createMeeting(MEETING, Tier.PAID, VideoProvider.GETSTREAM, 25, true);
        publish(new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.PAID, VideoProvider.GETSTREAM, 25, List.of(HOST), at(1)));
        publish(new VideoRoomProvisioningFailed(MEETING, "GetStream unavailable", 5, VideoProvider.WEBRTC,
                "webrtc_meeting_a", 4, at(2)));

        MeetingView fallback = meeting(HOST);
        assertThat(fallback.videoProvider()).isEqualTo(VideoProvider.WEBRTC);
        assertThat(fallback.webrtcReady()).isTrue();
        assertThat(fallback.roomId()).isEqualTo("webrtc_meeting_a");
        assertThat(fallback.roomStatus()).isEqualTo(RoomStatus.FALLBACK);
        assertThat(fallback.fallbackReason()).isEqualTo("GetStream unavailable");
        assertThat(fallback.maxParticipants()).isEqualTo(4);
        assertThat(fallback.recordingEnabled()).isFalse();
        assertThat(fallback.tier()).isEqualTo(Tier.PAID);
    }

    @Test
    void cancelledMeeting() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        publish(new MeetingCancelled(MEETING, HOST, "no longer needed", at(1)));

        MeetingView cancelled = meeting(HOST);
        assertThat(cancelled.state()).isEqualTo(MeetingState.CANCELLED);
        assertThat(cancelled.cancelledAt()).isEqualTo(at(1));
        assertThat(cancelled.startedAt()).isNull();
    }

    @Test
    void transcriptionStatuses() {
        createMeeting(MEETING, Tier.PAID, VideoProvider.GETSTREAM, 25, true);
        publish(new TranscriptionInitialized(MEETING, "getstream", "s", at(1)));
        publish(new TranscriptionStopped(MEETING, "meeting ended", at(2)));
        assertThat(meeting(HOST).transcriptionStatus()).isEqualTo(TranscriptionStatus.STOPPED);
        publish(new TranscriptionReady(MEETING, "https://x/t.vtt", at(3)));
        assertThat(meeting(HOST).transcriptionStatus()).isEqualTo(TranscriptionStatus.READY);
        publish(new TranscriptionFailed(MEETING, "provider error", at(4)));
        assertThat(meeting(HOST).transcriptionStatus()).isEqualTo(TranscriptionStatus.FAILED);
        assertThat(meeting(HOST).transcriptionProvider()).isEqualTo("getstream");
    }

    // ---- recordings: every event's effect on both views

    @Test
    void recordingFromStartToReady() {
        activeGetstreamMeeting();
        long started = publish(new RecordingStarted(MEETING, REC1, HOST, HD_SPOTLIGHT, "default:meeting_a", at(10)));
        assertThat(meeting(HOST).currentRecordingId()).isEqualTo(REC1);
        assertThat(recording(REC1, HOST)).isEqualTo(new RecordingView(REC1, MEETING, RecordingStatus.STARTING,
                HD_SPOTLIGHT, HOST, null, null, null, at(10), null, null, null, null, null, started));

        publish(new RecordingActivated(MEETING, REC1, at(11)));
        assertThat(recording(REC1, HOST).status()).isEqualTo(RecordingStatus.ACTIVE);
        assertThat(meeting(HOST).currentRecordingId()).isEqualTo(REC1);

        long stopRequested = publish(new RecordingStopRequested(MEETING, REC1, HOST, at(12)));
        assertThat(recording(REC1, HOST).status()).isEqualTo(RecordingStatus.STOPPING);
        assertThat(meeting(HOST).currentRecordingId()).isNull();
        assertThat(meeting(HOST).version()).isEqualTo(stopRequested);

        publish(new RecordingStopped(MEETING, REC1, at(13)));
        assertThat(recording(REC1, HOST).status()).isEqualTo(RecordingStatus.STOPPED);

        long ready = publish(new RecordingReady(MEETING, REC1, "https://x/a.mp4", "a.mp4", at(11), at(13), at(14)));
        assertThat(recording(REC1, GUEST)).isEqualTo(new RecordingView(REC1, MEETING, RecordingStatus.READY,
                HD_SPOTLIGHT, HOST, "https://x/a.mp4", "a.mp4", null, at(10), at(11), at(12), at(13), at(11), at(13),
                ready));
        assertThat(meeting(HOST).version()).isEqualTo(ready);
    }

    @Test
    void failedRecordingAndNewestFirstList() {
        activeGetstreamMeeting();
        publish(new RecordingStarted(MEETING, REC1, HOST, RecordingConfig.defaults(), "default:meeting_a", at(10)));
        long failed = publish(new RecordingFailed(MEETING, REC1, "egress error", at(11)));
        assertThat(meeting(HOST).currentRecordingId()).isNull();
        RecordingView failure = recording(REC1, HOST);
        assertThat(failure.status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(failure.failureReason()).isEqualTo("egress error");
        assertThat(failure.config()).isEqualTo(RecordingConfig.defaults());
        assertThat(failure.version()).isEqualTo(failed);

        publish(new RecordingStarted(MEETING, REC2, HOST, HD_SPOTLIGHT, "default:meeting_a", at(10)));
        assertThat(meeting(HOST).currentRecordingId()).isEqualTo(REC2);
        // A late failure of the old recording leaves the current one alone.
        publish(new RecordingFailed(MEETING, REC1, "late duplicate", at(12)));
        assertThat(meeting(HOST).currentRecordingId()).isEqualTo(REC2);

        RecordingList list = queries.query(new ListRecordings(MEETING, GUEST), RecordingList.class).join();
        assertThat(list.meetingId()).isEqualTo(MEETING);
        assertThat(list.recordings()).extracting(RecordingView::recordingId).containsExactly(REC2, REC1);
    }

    @Test
    void endingTheMeetingShowsTheRecordingInProgressAsStopping() {
        activeGetstreamMeeting();
        publish(new RecordingStarted(MEETING, REC1, HOST, HD_SPOTLIGHT, "default:meeting_a", at(10)));
        publish(new RecordingActivated(MEETING, REC1, at(11)));
        long ended = publish(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, REC1, true, at(20)));

        MeetingView concluded = meeting(HOST);
        assertThat(concluded.state()).isEqualTo(MeetingState.CONCLUDED);
        assertThat(concluded.endedAt()).isEqualTo(at(20));
        assertThat(concluded.currentRecordingId()).isNull();
        RecordingView stopping = recording(REC1, HOST);
        assertThat(stopping.status()).isEqualTo(RecordingStatus.STOPPING);
        assertThat(stopping.stopRequestedAt()).isEqualTo(at(20));
        assertThat(stopping.version()).isEqualTo(ended);

        publish(new RecordingStopped(MEETING, REC1, at(21)));
        assertThat(recording(REC1, HOST).status()).isEqualTo(RecordingStatus.STOPPED);
        assertThat(recording(REC1, HOST).stoppedAt()).isEqualTo(at(21));
    }

    @Test
    void aRecordingStillStartingWhenTheMeetingEndsIsStoppingUntilTheProviderConfirms() {
        activeGetstreamMeeting();
        publish(new RecordingStarted(MEETING, REC1, HOST, HD_SPOTLIGHT, "default:meeting_a", at(10)));
        MeetingEnded end = new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, REC1, false, at(20));
        long ended = publish(end);

        RecordingView stopping = recording(REC1, HOST);
        assertThat(stopping.status()).isEqualTo(end.recordingInProgressStatus()).isEqualTo(RecordingStatus.STOPPING);
        assertThat(stopping.activatedAt()).isNull();
        assertThat(stopping.stopRequestedAt()).isEqualTo(at(20));
        assertThat(stopping.version()).isEqualTo(ended);
        assertThat(queries.query(new ListRecordings(MEETING, GUEST), RecordingList.class).join().recordings())
                .extracting(RecordingView::status).containsExactly(RecordingStatus.STOPPING);

        publish(new RecordingStopped(MEETING, REC1, at(21)));
        publish(new RecordingReady(MEETING, REC1, "https://x/a.mp4", "a.mp4", at(10), at(21), at(22)));
        RecordingView ready = recording(REC1, HOST);
        assertThat(ready.status()).isEqualTo(RecordingStatus.READY);
        assertThat(ready.stopRequestedAt()).isEqualTo(at(20));
        assertThat(ready.stoppedAt()).isEqualTo(at(21));
    }

    // ---- redelivery and reset

    @Test
    void redeliveredEventsChangeNothingAndEmitNothing() {
        fullHistory();
        Snapshot before = snapshot();
        List<Object> updates = subscribeToEverything(HOST);

        published.forEach(this::deliver);
        // An old event delivered after newer ones, as a processor replaying from an older token would.
        deliver(published.get(2));

        assertThat(snapshot()).isEqualTo(before);
        assertThat(updates).isEmpty();
    }

    @Test
    void resetClearsTheViewsAndReplayRebuildsThemIdentically() {
        fullHistory();
        Snapshot before = snapshot();

        meetingView.prepareReset();
        recordingView.prepareReset();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_view").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_participant_view").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recording_view").query(Long.class).single()).isZero();
        assertThat(errorOf(() -> meeting(HOST)).message()).isEqualTo("Meeting not found");

        published.forEach(this::deliver);
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---- replay: a batch's changes written per meeting at its commit

    @Test
    void aReplayedBatchRebuildsTheViewWritingEachChangedTableOnce() {
        fullHistory();
        participantsComingAndGoing();
        List<Map<String, Object>> before = meetingViewTables();

        meetingView.prepareReset();
        operations.set(0);
        replay(published);
        int replayOperations = operations.get();

        assertThat(meetingViewTables()).isEqualTo(before);
        // the batch's read of its meetings (none left after the reset), then one batch of inserts per table
        assertThat(replayOperations).isEqualTo(3);
    }

    @Test
    void aReplayedBatchBuildsOnTheRowsOfTheBatchesBeforeIt() {
        fullHistory();
        participantsComingAndGoing();
        List<Map<String, Object>> before = meetingViewTables();

        meetingView.prepareReset();
        for (int from = 0; from < published.size(); from += 5) {
            replay(published.subList(from, Math.min(from + 5, published.size())));
        }

        assertThat(meetingViewTables()).isEqualTo(before);
    }

    @Test
    void aReplayedBatchOfEventsTheViewHasChangesNothingAndEmitsNothing() {
        fullHistory();
        participantsComingAndGoing();
        List<Map<String, Object>> before = meetingViewTables();
        List<Object> updates = subscribeToEverything(HOST);

        replay(published);
        replay(List.of(published.get(2)));

        assertThat(meetingViewTables()).isEqualTo(before);
        assertThat(updates).isEmpty();
    }

    @Test
    void aReplayedBatchEmitsEachChangedMeetingOnceAfterItsCommit() {
        fullHistory();
        List<DomainEventMessage<?>> history = List.copyOf(published);
        meetingView.prepareReset();
        SubscriptionQueryResult<MeetingView, MeetingView> subscription =
                subscription(new GetMeeting(MEETING, HOST), MeetingView.class);
        List<MeetingView> updates = collect(subscription);

        replay(history);

        assertThat(updates).extracting(MeetingView::version).containsExactly(history.get(history.size() - 1).getSequenceNumber());
        subscription.cancel();
    }

    // ---- access control

    @Test
    void onlyParticipantsSeeAMeetingAndOthersCannotTellItExists() {
        fullHistory();
        createMeeting(OTHER_MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);

        for (Object query : List.of(new GetMeeting(MEETING, STRANGER), new ListRecordings(MEETING, STRANGER),
                new GetRecording(MEETING, REC1, STRANGER),
                new GetMeeting(new MeetingId("meeting_unknown"), HOST),
                new ListRecordings(new MeetingId("meeting_unknown"), HOST),
                new GetRecording(new MeetingId("meeting_unknown"), REC1, HOST),
                new GetMeeting(MEETING, null))) {
            ErrorDetails error = errorOf(() -> queries.query(query, Object.class).join());
            assertThat(error.code()).as("%s", query).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(error.message()).as("%s", query).isEqualTo("Meeting not found");
        }

        // A participant of the other meeting cannot reach this meeting's recording through it.
        ErrorDetails crossMeeting = errorOf(() -> recording(OTHER_MEETING, REC1, HOST));
        assertThat(crossMeeting.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(crossMeeting.message()).isEqualTo("Recording not found");
        assertThat(errorOf(() -> recording(new RecordingId("recording_unknown"), GUEST)).message())
                .isEqualTo("Recording not found");

        assertThat(meeting(GUEST).meetingId()).isEqualTo(MEETING);
        assertThat(recording(REC1, GUEST).recordingId()).isEqualTo(REC1);
        assertThat(queries.query(new ListRecordings(MEETING, GUEST), RecordingList.class).join().recordings())
                .hasSize(2);
    }

    // ---- subscription queries

    @Test
    void subscribersOfGetMeetingReceiveEveryNewVersionEvenBeforeTheMeetingExists() {
        SubscriptionQueryResult<MeetingView, MeetingView> hostSubscription =
                subscription(new GetMeeting(MEETING, HOST), MeetingView.class);
        SubscriptionQueryResult<MeetingView, MeetingView> strangerSubscription =
                subscription(new GetMeeting(MEETING, STRANGER), MeetingView.class);
        SubscriptionQueryResult<MeetingView, MeetingView> otherMeeting =
                subscription(new GetMeeting(OTHER_MEETING, HOST), MeetingView.class);
        assertThat(errorOf(() -> hostSubscription.initialResult().block()).code()).isEqualTo(ErrorCode.NOT_FOUND);
        List<MeetingView> hostUpdates = collect(hostSubscription);
        List<MeetingView> strangerUpdates = collect(strangerSubscription);
        List<MeetingView> otherUpdates = collect(otherMeeting);

        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        long started = publish(freeMeetingStarted());

        // The creation itself is emitted before the host participant exists, so only later versions reach the host.
        assertThat(hostUpdates).extracting(MeetingView::version).containsExactly(1L, started);
        assertThat(hostUpdates.get(1)).isEqualTo(meeting(HOST));
        assertThat(strangerUpdates).isEmpty();
        assertThat(otherUpdates).isEmpty();

        // The gateway's read-your-writes wait: the first view at or past the command's version.
        MeetingView seen = hostSubscription.updates().filter(v -> v.version() >= started).blockFirst(Duration.ofSeconds(5));
        assertThat(seen.state()).isEqualTo(MeetingState.ACTIVE);
        hostSubscription.cancel();
        strangerSubscription.cancel();
        otherMeeting.cancel();
    }

    @Test
    void subscribersOfARecordingAndOfTheListFollowItsOutcome() {
        activeGetstreamMeeting();
        SubscriptionQueryResult<RecordingView, RecordingView> recordingSubscription =
                subscription(new GetRecording(MEETING, REC1, HOST), RecordingView.class);
        SubscriptionQueryResult<RecordingList, RecordingList> listSubscription =
                subscription(new ListRecordings(MEETING, GUEST), RecordingList.class);
        SubscriptionQueryResult<RecordingView, RecordingView> strangerSubscription =
                subscription(new GetRecording(MEETING, REC1, STRANGER), RecordingView.class);
        SubscriptionQueryResult<RecordingView, RecordingView> otherRecording =
                subscription(new GetRecording(MEETING, REC2, HOST), RecordingView.class);
        assertThat(errorOf(() -> recordingSubscription.initialResult().block()).message()).isEqualTo("Recording not found");
        assertThat(listSubscription.initialResult().block().recordings()).isEmpty();
        List<RecordingView> recordingUpdates = collect(recordingSubscription);
        List<RecordingList> listUpdates = collect(listSubscription);
        List<RecordingView> strangerUpdates = collect(strangerSubscription);
        List<RecordingView> otherUpdates = collect(otherRecording);

        publish(new RecordingStarted(MEETING, REC1, HOST, HD_SPOTLIGHT, "default:meeting_a", at(10)));
        publish(new RecordingActivated(MEETING, REC1, at(11)));

        assertThat(recordingUpdates).extracting(RecordingView::status)
                .containsExactly(RecordingStatus.STARTING, RecordingStatus.ACTIVE);
        assertThat(recordingUpdates.get(1)).isEqualTo(recording(REC1, HOST));
        assertThat(listUpdates).hasSize(2);
        assertThat(listUpdates.get(1)).isEqualTo(new RecordingList(MEETING, List.of(recording(REC1, HOST))));
        assertThat(strangerUpdates).isEmpty();
        assertThat(otherUpdates).isEmpty();
        List.of(recordingSubscription, listSubscription, strangerSubscription, otherRecording)
                .forEach(SubscriptionQueryResult::cancel);
    }

    @Test
    void updatesAreEmittedOnlyWhenTheUnitOfWorkCommits() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        SubscriptionQueryResult<MeetingView, MeetingView> subscription =
                subscription(new GetMeeting(MEETING, HOST), MeetingView.class);
        List<MeetingView> updates = collect(subscription);
        DomainEventMessage<?> started = message(freeMeetingStarted());

        DefaultUnitOfWork<DomainEventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(started);
        unitOfWork.execute(() -> {
            handle(meetingView, started);
            assertThat(updates).as("nothing emitted before commit").isEmpty();
        });

        assertThat(updates).extracting(MeetingView::state).containsExactly(MeetingState.ACTIVE);
        subscription.cancel();
    }

    /** A processor's batch is one unit of work: its events about one meeting give one update, read after the commit. */
    @Test
    void eventsOfOneMeetingInOneUnitOfWorkGiveOneUpdate() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        SubscriptionQueryResult<MeetingView, MeetingView> subscription =
                subscription(new GetMeeting(MEETING, HOST), MeetingView.class);
        List<MeetingView> updates = collect(subscription);
        DomainEventMessage<?> started = message(freeMeetingStarted());
        DomainEventMessage<?> joined = message(new ParticipantJoined(MEETING, HOST, at(2)));

        DefaultUnitOfWork.startAndGet(started).execute(() -> {
            handle(meetingView, started);
            handle(meetingView, joined);
        });

        assertThat(updates).extracting(MeetingView::version).containsExactly(joined.getSequenceNumber());
        subscription.cancel();
    }

    /** Whether anyone waits for the view is decided at commit: a subscriber arriving meanwhile still gets it. */
    @Test
    void aSubscriptionOpenedBeforeTheCommitGetsTheUpdate() {
        createMeeting(MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        DomainEventMessage<?> started = message(freeMeetingStarted());
        List<List<MeetingView>> updates = new ArrayList<>();
        List<SubscriptionQueryResult<MeetingView, MeetingView>> subscriptions = new ArrayList<>();

        DefaultUnitOfWork.startAndGet(started).execute(() -> {
            handle(meetingView, started);
            SubscriptionQueryResult<MeetingView, MeetingView> subscription =
                    subscription(new GetMeeting(MEETING, HOST), MeetingView.class);
            subscriptions.add(subscription);
            updates.add(collect(subscription));
        });

        assertThat(updates.get(0)).extracting(MeetingView::state).containsExactly(MeetingState.ACTIVE);
        subscriptions.forEach(SubscriptionQueryResult::cancel);
    }

    // ---- helpers

    private record Snapshot(List<MeetingView> meetings, List<RecordingList> recordings) {
    }

    private Snapshot snapshot() {
        return new Snapshot(List.of(meeting(HOST)), List.of(queries.query(new ListRecordings(MEETING, HOST), RecordingList.class).join()));
    }

    private List<Object> subscribeToEverything(UserId user) {
        List<Object> updates = new CopyOnWriteArrayList<>();
        subscription(new GetMeeting(MEETING, user), MeetingView.class).updates().subscribe(updates::add);
        subscription(new ListRecordings(MEETING, user), RecordingList.class).updates().subscribe(updates::add);
        subscription(new GetRecording(MEETING, REC1, user), RecordingView.class).updates().subscribe(updates::add);
        return updates;
    }

    private <U> SubscriptionQueryResult<U, U> subscription(Object query, Class<U> view) {
        return queries.subscriptionQuery(query, ResponseTypes.instanceOf(view), ResponseTypes.instanceOf(view));
    }

    /** The host starts the free WebRTC meeting {@code createMeeting} made. */
    private static MeetingStarted freeMeetingStarted() {
        return new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.FREE, VideoProvider.WEBRTC, 4, List.of(HOST),
                at(1));
    }

    private static <U> List<U> collect(SubscriptionQueryResult<?, U> subscription) {
        List<U> updates = new CopyOnWriteArrayList<>();
        subscription.updates().subscribe(updates::add);
        return updates;
    }

    /** A GetStream meeting with a guest, started and provisioned, followed by two recordings. */
    private void fullHistory() {
        activeGetstreamMeeting();
        publish(new ParticipantJoined(MEETING, GUEST, at(5)));
        publish(new RecordingStarted(MEETING, REC1, HOST, HD_SPOTLIGHT, "default:meeting_a", at(10)));
        publish(new RecordingActivated(MEETING, REC1, at(11)));
        publish(new RecordingStopRequested(MEETING, REC1, HOST, at(12)));
        publish(new RecordingStopped(MEETING, REC1, at(13)));
        publish(new RecordingReady(MEETING, REC1, "https://x/a.mp4", "a.mp4", at(11), at(13), at(14)));
        publish(new RecordingStarted(MEETING, REC2, HOST, RecordingConfig.defaults(), "default:meeting_a", at(15)));
        publish(new RecordingActivated(MEETING, REC2, at(16)));
        publish(new TranscriptionInitialized(MEETING, "getstream", "s", at(17)));
        publish(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, REC2, true, at(20)));
    }

    /** Another meeting whose guests are added, promoted, join, leave, rejoin and are removed. */
    private void participantsComingAndGoing() {
        createMeeting(OTHER_MEETING, Tier.FREE, VideoProvider.WEBRTC, 4, false);
        publish(new ParticipantAdded(OTHER_MEETING, GUEST, ParticipantRole.PARTICIPANT, HOST, at(1)));
        publish(new ParticipantAdded(OTHER_MEETING, STRANGER, ParticipantRole.PARTICIPANT, HOST, at(1)));
        publish(new ParticipantRoleUpdated(OTHER_MEETING, GUEST, ParticipantRole.HOST, HOST, at(2)));
        publish(new ParticipantJoined(OTHER_MEETING, GUEST, at(3)));
        publish(new ParticipantLeft(OTHER_MEETING, GUEST, at(4)));
        publish(new ParticipantJoined(OTHER_MEETING, STRANGER, at(5)));
        publish(new ParticipantRemoved(OTHER_MEETING, STRANGER, HOST, at(6)));
        publish(new ParticipantJoined(OTHER_MEETING, GUEST, at(7)));
    }

    /** Both meeting-view tables, every column, in key order. */
    private static List<Map<String, Object>> meetingViewTables() {
        List<Map<String, Object>> rows = new ArrayList<>(
                jdbc.sql("SELECT * FROM meeting_view ORDER BY meeting_id").query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM meeting_participant_view ORDER BY meeting_id, user_id").query().listOfRows());
        return rows;
    }

    /** The meeting view's handling of {@code messages} as one batch of a processor replaying them. */
    private void replay(List<DomainEventMessage<?>> messages) {
        List<EventMessage<?>> tracked = new ArrayList<>();
        for (DomainEventMessage<?> message : messages) {
            long position = published.indexOf(message);
            tracked.add(new GenericTrackedDomainEventMessage<>(ReplayToken.createReplayToken(
                    new GlobalSequenceTrackingToken(published.size()), new GlobalSequenceTrackingToken(position)), message));
        }
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(tracked);
        ResultMessage<?> result = batch.executeWithResult(() -> {
            handle(meetingView, (DomainEventMessage<?>) batch.getMessage());
            return null;
        });
        assertThat(result.isExceptional()).as("%s", result.optionalExceptionResult()).isFalse();
    }

    private void activeGetstreamMeeting() {
        createMeeting(MEETING, Tier.PAID, VideoProvider.GETSTREAM, 25, true);
        publish(new ParticipantAdded(MEETING, GUEST, ParticipantRole.PARTICIPANT, HOST, at(1)));
        publish(new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.PAID, VideoProvider.GETSTREAM, 25,
                List.of(HOST, GUEST), at(2)));
        publish(new VideoRoomProvisioned(MEETING, "default:meeting_a", at(3)));
    }

    private void createMeeting(MeetingId id, Tier tier, VideoProvider provider, int cap, boolean recording) {
        publish(new MeetingCreated(id, HOST, "Standup", "daily", T0.plusSeconds(3600), tier, provider, cap, recording, T0, null));
        publish(new ParticipantAdded(id, HOST, ParticipantRole.HOST, HOST, T0));
    }

    private MeetingView meeting(UserId user) {
        return queries.query(new GetMeeting(MEETING, user), MeetingView.class).join();
    }

    private UserMeetingPage userMeetings(UserId user, MeetingState state, String cursor, int limit) {
        return queries.query(new ListUserMeetings(user, state, cursor, limit), UserMeetingPage.class).join();
    }

    private RecordingView recording(RecordingId id, UserId user) {
        return recording(MEETING, id, user);
    }

    private RecordingView recording(MeetingId meeting, RecordingId id, UserId user) {
        return queries.query(new GetRecording(meeting, id, user), RecordingView.class).join();
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Appends the event to its meeting's stream (sequence numbers from 0) and delivers it; returns its sequence number. */
    private long publish(Object event) {
        DomainEventMessage<?> message = message(event);
        published.add(message);
        deliver(message);
        return message.getSequenceNumber();
    }

    private DomainEventMessage<?> message(Object event) {
        MeetingId meetingId = meetingIdOf(event);
        long sequence = nextSequence.merge(meetingId, 1L, Long::sum) - 1;
        return new GenericDomainEventMessage<>("Meeting", meetingId.value(), sequence, event);
    }

    /** Both processing groups, each in its own unit of work as their processors would. */
    private void deliver(DomainEventMessage<?> message) {
        for (AnnotationEventHandlerAdapter projection : List.of(meetingView, recordingView)) {
            DefaultUnitOfWork.startAndGet(message).execute(() -> handle(projection, message));
        }
    }

    private static void handle(AnnotationEventHandlerAdapter projection, DomainEventMessage<?> message) {
        try {
            if (projection.canHandle(message)) {
                projection.handle(message);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MeetingId meetingIdOf(Object event) {
        try {
            return (MeetingId) event.getClass().getMethod("meetingId").invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ErrorDetails errorOf(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return MeetingException.detailsOf(e).orElseThrow(() -> new AssertionError("not a MeetingException", e));
        }
        throw new AssertionError("expected a MeetingException");
    }
}
