package io.connvo.meetings.saga;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.ParticipantRole;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RecordingQuality;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailStoppingRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.FailVideoRoomProvisioning;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.ProvisionVideoRoom;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.RecordingActivated;
import io.connvo.meetings.api.event.RecordingFailed;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.RecordingStopRequested;
import io.connvo.meetings.api.event.RecordingStopped;
import io.connvo.meetings.api.event.TranscriptionFailed;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.api.event.VideoRoomProvisioningFailed;
import io.connvo.meetings.platform.CorrelationMetadata;
import io.connvo.meetings.saga.getstream.CallSpec;
import io.connvo.meetings.saga.getstream.GetStreamCalls;
import io.connvo.meetings.saga.getstream.GetStreamException;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.test.saga.SagaTestFixture;
import org.axonframework.test.saga.ContinuedGivenState;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class MediaSagaTest {

    private static final String M = "meeting_1";
    private static final MeetingId MEETING = new MeetingId(M);
    private static final String CID = "default:" + M;
    private static final UserId HOST = new UserId("user_host");
    private static final UserId GUEST = new UserId("user_guest");
    private static final RecordingId REC = new RecordingId("recording_1");
    private static final RecordingConfig CONFIG =
            new RecordingConfig(RecordingMode.AVAILABLE, true, RecordingQuality.P1080, RecordingLayout.SPOTLIGHT);
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    /** 3 attempts, 1s then 2s; the random source 0.5 removes the jitter so delays are exact. */
    private static final GetStreamProperties.Retry RETRY =
            new GetStreamProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);

    /** The safety deadline of a first attempt: three 10 s call timeouts plus the 1 s backoff. */
    private static final Duration SAFETY = Duration.ofSeconds(31);

    private SagaTestFixture<MediaSaga> fixture;
    private GetStreamCalls calls;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Where the runner's calls go: at once on the handler's thread unless a test holds them back. */
    private Executor callExecutor = Runnable::run;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(MediaSaga.class);
        calls = mock(GetStreamCalls.class);
        MediaCommands commands = new MediaCommands(fixture.getCommandBus(), new MediaSagaProperties(1, Duration.ofMillis(10), 1));
        fixture.registerResource(new MediaServices(calls, new MediaCallRunner(task -> callExecutor.execute(task),
                commands, NoTransactionManager.instance(), Duration.ofSeconds(10)), commands,
                new RetryPolicy(RETRY, () -> 0.5, meters), new GetStreamProperties("key",
                "0123456789abcdef0123456789abcdef", null, null, Duration.ofHours(2), null, RETRY)));
    }

    private static MeetingStarted started(VideoProvider provider) {
        return new MeetingStarted(MEETING, HOST, HOST, "Standup", Tier.PAID, provider, 25, List.of(HOST, GUEST), T0);
    }

    private static GetStreamException unavailable() {
        return new GetStreamException("op", "HTTP 503", true, 503, null);
    }

    private static GetStreamException forbidden() {
        return new GetStreamException("op", "HTTP 403: not allowed", false, 403, null);
    }

    // ---- provisioning

    @Test
    void getStreamMeetingGetsItsCallAndReportsTheRoom() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);

        fixture.givenNoPriorActivity()
                .whenPublishingA(started(VideoProvider.GETSTREAM))
                .expectActiveSagas(1)
                .expectAssociationWith("meetingId", M)
                .expectDispatchedCommands(new ProvisionVideoRoom(MEETING, CID))
                .expectDispatchedCommandsMatching(allSentBySaga())
                // kept until VideoRoomProvisioned shows the command was stored
                .expectScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_PROVISION);

        ArgumentCaptor<CallSpec> spec = ArgumentCaptor.forClass(CallSpec.class);
        verify(calls).getOrCreateCall(spec.capture());
        assertThat(spec.getValue()).isEqualTo(new CallSpec(M, HOST.value(), List.of(HOST.value(), GUEST.value()), 25,
                Duration.ofHours(2)));
    }

    @Test
    void provisionedRoomStartsGetStreamTranscription() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenPublishingA(new VideoRoomProvisioned(MEETING, CID, T0))
                .expectDispatchedCommands(new InitializeTranscription(MEETING, "getstream", CID))
                .expectDispatchedCommandsMatching(allSentBySaga());
        verify(calls).startTranscription(M);
    }

    @Test
    void transientProvisioningFailureIsRetriedByDeadline() {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable());

        fixture.givenNoPriorActivity()
                .whenPublishingA(started(VideoProvider.GETSTREAM))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), MediaSaga.RETRY_PROVISION);
    }

    @Test
    void retryDeadlineProvisionsAfterTheOutage() {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable()).thenReturn(CID);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_PROVISION)
                .expectDispatchedCommands(new ProvisionVideoRoom(MEETING, CID))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(32), MediaSaga.RETRY_PROVISION); // 30 s + 2 s
        verify(calls, times(2)).getOrCreateCall(any());
    }

    @Test
    void exhaustedProvisioningFallsBackWithTheReason() {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_PROVISION, MediaSaga.RETRY_PROVISION)
                .expectDispatchedCommands(new FailVideoRoomProvisioning(MEETING, "op failed: HTTP 503", 3));
        verify(calls, times(3)).getOrCreateCall(any());
    }

    @Test
    void retriesAndGiveUpsAreCountedByKind() {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectDispatchedCommands(new FailVideoRoomProvisioning(MEETING, "op failed: HTTP 503", 3));

        assertThat(meters.get("connvo.saga.retries").tag("kind", "provision").counter().count()).isEqualTo(2);
        assertThat(meters.get("connvo.saga.give.ups").tag("kind", "provision").counter().count()).isEqualTo(1);
        assertThat(meters.find("connvo.saga.retries").tag("kind", "recording-start").counter()).isNull();
    }

    @Test
    void openCircuitIsRetriedLater() {
        when(calls.getOrCreateCall(any())).thenThrow(GetStreamException.circuitOpen("get-or-create call"));

        fixture.givenNoPriorActivity()
                .whenPublishingA(started(VideoProvider.GETSTREAM))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), MediaSaga.RETRY_PROVISION);
    }

    @Test
    void clientErrorIsNotRetried() {
        when(calls.getOrCreateCall(any())).thenThrow(forbidden());

        fixture.givenNoPriorActivity()
                .whenPublishingA(started(VideoProvider.GETSTREAM))
                .expectDispatchedCommands(new FailVideoRoomProvisioning(MEETING, "op failed: HTTP 403: not allowed", 1));
        verify(calls, times(1)).getOrCreateCall(any());
    }

    @Test
    void theRoomIsRequestedOffTheProcessorThreadOnceTheSagaIsStored() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch called = new CountDownLatch(1);
        AtomicReference<String> callThread = new AtomicReference<>();
        when(calls.getOrCreateCall(any())).thenAnswer(call -> {
            callThread.set(Thread.currentThread().getName());
            called.countDown();
            answer.await(10, TimeUnit.SECONDS);
            return CID;
        });
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "media-call"));
        callExecutor = pool;
        try {
            // the handler returns while GetStream has not answered: the processor thread is free for the next event
            fixture.givenNoPriorActivity()
                    .whenPublishingA(started(VideoProvider.GETSTREAM))
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_PROVISION);
            assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(callThread.get()).isEqualTo("media-call");
        } finally {
            answer.countDown();
            pool.shutdown();
        }
    }

    @Test
    void aCallLostWithItsNodeIsMadeAgainWhenTheSafetyDeadlineFires() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);
        callExecutor = losing(1); // the node dies after the saga was stored, before the call was made

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenTimeElapses(SAFETY)
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_PROVISION)
                .expectDispatchedCommands(new ProvisionVideoRoom(MEETING, CID));
        verify(calls, times(1)).getOrCreateCall(any());
    }

    /**
     * A call held up past its safety deadline: the deadline makes attempt 2, then attempt 1 fails and the runner
     * schedules its retry, which is attempt 2 again. That retry does nothing; attempt 2's own retry makes attempt 3.
     */
    @Test
    void aRetryOfAnAttemptAlreadyMadeAgainDoesNothing() throws Exception {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable()).thenThrow(unavailable()).thenReturn(CID);
        HeldCalls pool = new HeldCalls();
        callExecutor = pool;

        ContinuedGivenState heldUp = fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenTimeElapses(SAFETY);
        pool.runOldestFirst(); // attempts 1 and 2 fail: retries of attempt 2 (in 1 s) and of attempt 3 (in 2 s)
        callExecutor = Runnable::run;

        heldUp.whenTimeElapses(Duration.ofSeconds(1))
                // the safety deadline (given) and the stale retry, both for attempt 2
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_PROVISION, MediaSaga.RETRY_PROVISION)
                .expectNoDispatchedCommands();
        verify(calls, times(2)).getOrCreateCall(any());
    }

    @Test
    void theRoomEventEndsTheSafetyDeadline() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenPublishingA(new VideoRoomProvisioned(MEETING, CID, T0))
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_PROVISION));
    }

    @Test
    void theFallbackEventEndsTheSafetyDeadline() {
        when(calls.getOrCreateCall(any())).thenThrow(forbidden());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenPublishingA(new VideoRoomProvisioningFailed(MEETING, "HTTP 403", 1, VideoProvider.WEBRTC,
                        "webrtc_" + M, 4, T0))
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_PROVISION));
    }

    @Test
    void aSafetyDeadlineAfterTheLastAttemptFallsBackWithoutCallingAgain() throws Exception {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable());
        callExecutor = losing(3); // attempts 1 and 2 fail; the node dies before making the third

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenTimeElapses(Duration.ofMinutes(1))
                .expectDispatchedCommands(new FailVideoRoomProvisioning(MEETING, "GetStream gave no answer in 3 attempts", 3));
        verify(calls, times(2)).getOrCreateCall(any());
    }

    /**
     * Runs calls at once, except the {@code lost}-th, which is refused as by the pool of a node shutting down: it
     * vanishes as with a node that died before making it.
     */
    private static Executor losing(int lost) {
        return losing(lost, lost);
    }

    /** Runs calls at once, except the {@code first}-th to the {@code last}-th, which are lost as above. */
    private static Executor losing(int first, int last) {
        AtomicInteger calls = new AtomicInteger();
        return task -> {
            int call = calls.incrementAndGet();
            if (call >= first && call <= last) {
                throw new RejectedExecutionException("the node died before making call " + call);
            }
            task.run();
        };
    }

    private static Matcher<DeadlineMessage<?>> deadlineNamed(String name) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DeadlineMessage<?> deadline) {
                return deadline.getDeadlineName().equals(name);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a deadline named ").appendValue(name);
            }
        };
    }

    /** The fallback opens its local transcription in the same unit of work: nothing left to the saga. */
    @Test
    void fallbackToWebRtcSendsNothing() {
        when(calls.getOrCreateCall(any())).thenThrow(forbidden());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenPublishingA(new VideoRoomProvisioningFailed(MEETING, "HTTP 403", 1, VideoProvider.WEBRTC,
                        "webrtc_" + M, 4, T0))
                .expectNoDispatchedCommands();
        verify(calls, never()).startTranscription(anyString());
    }

    /** The pending retry, whose id the saga never learnt, is left to fire for a saga no longer there. */
    @Test
    void meetingEndedWhileARetryIsPendingEnds() {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .whenPublishingA(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, null, false, T0))
                .expectNoScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_PROVISION)
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        verify(calls, times(1)).getOrCreateCall(any());
        verify(calls, never()).stopRecording(anyString());
        verify(calls, never()).stopTranscription(anyString());
    }

    @Test
    void aRoomRetryFiringAfterTheMeetingEndedDoesNothing() {
        when(calls.getOrCreateCall(any())).thenThrow(unavailable());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, null, false, T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        verify(calls, times(1)).getOrCreateCall(any());
    }

    /** GetStream's webhook failed the transcription while a retry of its start was pending. */
    @Test
    void aTranscriptionRetryFiringAfterTheTranscriptionFailedDoesNothing() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);
        doThrow(unavailable()).when(calls).startTranscription(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionFailed(MEETING, "call.transcription_failed", T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_TRANSCRIPTION)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        verify(calls, times(1)).startTranscription(M);
    }

    @Test
    void transcriptionThatCannotStartIsReportedAfterItsRetries() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);
        doThrow(unavailable()).when(calls).startTranscription(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectDispatchedCommands(new FailTranscription(MEETING, "op failed: HTTP 503"));
        verify(calls, times(3)).startTranscription(M);
    }

    // ---- WebRTC

    /** Its start opened the local transcription in the same unit of work, and its end stops it: no saga is stored. */
    @Test
    void webRtcMeetingStoresNoSagaAndCallsNoGetStream() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(started(VideoProvider.WEBRTC))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        verifyNoInteractions(calls);
    }

    /**
     * After the fallback the meeting transcribes locally and stops that itself at its end: the saga sends nothing.
     * A WebRTC meeting's saga stored by the version that stopped the local session from here is in this state too.
     */
    @Test
    void endAfterTheFallbackLeavesTheLocalTranscriptionToTheMeetingAndEnds() {
        when(calls.getOrCreateCall(any())).thenThrow(forbidden());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioningFailed(MEETING, "HTTP 403", 1, VideoProvider.WEBRTC,
                        "webrtc_" + M, 4, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "whisper", "whisper_" + M, T0))
                .whenPublishingA(new MeetingEnded(MEETING, HOST, VideoProvider.WEBRTC, null, true, T0))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        verify(calls, never()).stopTranscription(anyString());
    }

    // ---- the call's members

    private static final UserId NEWCOMER = new UserId("user_newcomer");

    private static ParticipantAdded added(UserId user) {
        return new ParticipantAdded(MEETING, user, ParticipantRole.PARTICIPANT, HOST, T0);
    }

    private static ParticipantRemoved removed(UserId user) {
        return new ParticipantRemoved(MEETING, user, HOST, T0);
    }

    private ContinuedGivenState givenTheRoom() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);
        return fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0));
    }

    @Test
    void aParticipantAddedAfterTheRoomExistsBecomesAMember() {
        givenTheRoom()
                .whenPublishingA(added(NEWCOMER))
                .expectNoDispatchedCommands()
                // the call answered: nothing left to retry
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_MEMBERSHIP));
        verify(calls).addMember(M, NEWCOMER.value());
        verify(calls, never()).unblockMember(anyString(), anyString());
    }

    @Test
    void aParticipantRemovedAfterTheRoomExistsIsRemovedAndBlocked() {
        givenTheRoom()
                .whenPublishingA(removed(GUEST))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_MEMBERSHIP));
        verify(calls).removeAndBlockMember(M, GUEST.value());
    }

    @Test
    void aParticipantRemovedThenAddedAgainIsUnblockedBeforeBecomingAMember() {
        givenTheRoom()
                .andThenAPublished(removed(GUEST))
                .whenPublishingA(added(GUEST));
        InOrder order = inOrder(calls);
        order.verify(calls).removeAndBlockMember(M, GUEST.value());
        order.verify(calls).unblockMember(M, GUEST.value());
        order.verify(calls).addMember(M, GUEST.value());
    }

    /** The call was created with the members at the start; what changed meanwhile follows once it exists. */
    @Test
    void changesWhileTheRoomIsProvisionedAreAppliedOnceItExists() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(added(NEWCOMER))
                .andThenAPublished(removed(GUEST))
                .andThenAPublished(removed(NEWCOMER))
                .andThenAPublished(added(NEWCOMER))
                .whenPublishingA(new VideoRoomProvisioned(MEETING, CID, T0))
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_MEMBERSHIP));
        InOrder order = inOrder(calls);
        order.verify(calls).getOrCreateCall(any());
        order.verify(calls).addMember(M, NEWCOMER.value());
        order.verify(calls).removeAndBlockMember(M, GUEST.value());
        verify(calls, never()).removeAndBlockMember(M, NEWCOMER.value()); // nothing to undo: never applied
        verify(calls, never()).unblockMember(anyString(), anyString());
    }

    @Test
    void aMembershipChangeIsRetriedAfterATransientFailure() {
        doThrow(unavailable()).doNothing().when(calls).removeAndBlockMember(M, GUEST.value());

        givenTheRoom()
                .andThenAPublished(removed(GUEST))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_MEMBERSHIP)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_MEMBERSHIP));
        verify(calls, times(2)).removeAndBlockMember(M, GUEST.value());
        assertThat(meters.get("connvo.saga.retries").tag("kind", "membership").counter().count()).isEqualTo(1);
    }

    /** The meeting keeps its participants as they are: a failure is logged and counted, and nothing is sent. */
    @Test
    void aMembershipChangeGetStreamRefusesIsGivenUpAndChangesNothingInTheMeeting() {
        doThrow(forbidden()).when(calls).removeAndBlockMember(M, GUEST.value());

        givenTheRoom()
                .whenPublishingA(removed(GUEST))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_MEMBERSHIP));
        verify(calls, times(1)).removeAndBlockMember(M, GUEST.value());
        assertThat(meters.get("connvo.saga.give.ups").tag("kind", "membership").counter().count()).isEqualTo(1);
    }

    @Test
    void aMembershipChangeStillFailingAfterItsLastAttemptIsGivenUp() {
        doThrow(unavailable()).when(calls).addMember(M, NEWCOMER.value());

        givenTheRoom()
                .andThenAPublished(added(NEWCOMER))
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_MEMBERSHIP, MediaSaga.RETRY_MEMBERSHIP)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_MEMBERSHIP));
        verify(calls, times(3)).addMember(M, NEWCOMER.value());
        assertThat(meters.get("connvo.saga.give.ups").tag("kind", "membership").counter().count()).isEqualTo(1);
    }

    @Test
    void aMembershipChangeLostWithItsNodeIsMadeWhenTheSafetyDeadlineFires() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);
        callExecutor = losing(3); // the room, its transcription, then the node dies before the removal

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(removed(GUEST))
                .whenTimeElapses(SAFETY)
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_MEMBERSHIP);
        verify(calls, times(1)).removeAndBlockMember(M, GUEST.value());
    }

    /** A retry of the removal must not block the user again after the host added them back. */
    @Test
    void aRetryOfAChangeOverriddenByALaterOneDoesNothing() {
        doThrow(unavailable()).doNothing().when(calls).removeAndBlockMember(M, GUEST.value());

        givenTheRoom()
                .andThenAPublished(removed(GUEST)) // fails: its retry is due in 1 s
                .andThenAPublished(added(GUEST))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_MEMBERSHIP);
        verify(calls, times(1)).removeAndBlockMember(M, GUEST.value());
        InOrder order = inOrder(calls);
        order.verify(calls).unblockMember(M, GUEST.value());
        order.verify(calls).addMember(M, GUEST.value());
    }

    @Test
    void aChangeAfterTheMeetingsEndDoesNothing() {
        givenTheRoom()
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                // the saga waits for the transcription's stop to be stored
                .andThenAPublished(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, null, true, T0))
                .whenPublishingA(removed(GUEST))
                .expectActiveSagas(1);
        verify(calls, never()).removeAndBlockMember(anyString(), anyString());
    }

    @Test
    void aMembershipRetryFiringAfterTheMeetingsEndDoesNothing() {
        doThrow(unavailable()).doNothing().when(calls).removeAndBlockMember(M, GUEST.value());

        givenTheRoom()
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(removed(GUEST))
                .andThenAPublished(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, null, true, T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_MEMBERSHIP);
        verify(calls, times(1)).removeAndBlockMember(M, GUEST.value());
    }

    @Test
    void aWebRtcMeetingsParticipantsNeverReachGetStream() {
        fixture.givenAPublished(started(VideoProvider.WEBRTC))
                .andThenAPublished(added(NEWCOMER))
                .whenPublishingA(removed(GUEST))
                .expectNoDispatchedCommands();
        verifyNoInteractions(calls);
    }

    @Test
    void afterTheFallbackToWebRtcChangesNeverReachGetStream() {
        when(calls.getOrCreateCall(any())).thenThrow(forbidden());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioningFailed(MEETING, "HTTP 403", 1, VideoProvider.WEBRTC,
                        "webrtc_" + M, 4, T0))
                .whenPublishingA(removed(GUEST))
                .expectNoDispatchedCommands();
        verify(calls, never()).removeAndBlockMember(anyString(), anyString());
    }

    // ---- recordings

    private void givenProvisionedMeeting() {
        when(calls.getOrCreateCall(any())).thenReturn(CID);
    }

    @Test
    void recordingAppliesItsSettingsThenStarts() {
        givenProvisionedMeeting();

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .whenPublishingA(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .expectDispatchedCommands(new ActivateRecording(MEETING, REC))
                .expectDispatchedCommandsMatching(allSentBySaga())
                // kept until RecordingActivated shows the command was stored
                .expectScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_RECORDING_START);
        InOrder order = inOrder(calls);
        order.verify(calls).applyRecordingSettings(M, CONFIG);
        order.verify(calls).startRecording(M);
    }

    @Test
    void recordingStartRetriesAfterATransientFailure() {
        givenProvisionedMeeting();
        doThrow(unavailable()).doNothing().when(calls).startRecording(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_START)
                .expectDispatchedCommands(new ActivateRecording(MEETING, REC));
        verify(calls, times(2)).applyRecordingSettings(M, CONFIG);
        verify(calls, times(2)).startRecording(M);
    }

    @Test
    void recordingFailsWithTheReasonOnceItsRetriesAreSpent() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).startRecording(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenTimeElapses(Duration.ofSeconds(3)) // the backoffs of attempts 2 and 3
                .expectDispatchedCommands(new FailRecording(MEETING, REC, "op failed: HTTP 503"));
        verify(calls, times(3)).startRecording(M);
    }

    @Test
    void recordingRefusedByGetStreamFailsAtOnce() {
        givenProvisionedMeeting();
        doThrow(forbidden()).when(calls).applyRecordingSettings(eq(M), any());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .whenPublishingA(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .expectDispatchedCommands(new FailRecording(MEETING, REC, "op failed: HTTP 403: not allowed"));
        verify(calls, never()).startRecording(M);
    }

    @Test
    void aRecordingFailedByTheGuardWhileStartingIsStoppedAtGetStream() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).startRecording(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenPublishingA(new RecordingFailed(MEETING, REC, "The provider did not start the recording in time", T0))
                .expectNoScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_RECORDING_START)
                .expectNoDispatchedCommands();
        // the provider may have started after all: told to stop, so nothing records unseen
        verify(calls).stopRecording(M);
    }

    @Test
    void aRefusedStopAfterTheGuardFailedTheRecordingChangesNothingMore() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).startRecording(M);
        doThrow(forbidden()).when(calls).stopRecording(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenPublishingA(new RecordingFailed(MEETING, REC, "The provider did not start the recording in time", T0))
                .expectNoScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_RECORDING_START)
                .expectNoDispatchedCommands();
    }

    @Test
    void aRecordingTheSagaFailedItselfIsNotStoppedAgain() {
        givenProvisionedMeeting();
        doThrow(forbidden()).when(calls).applyRecordingSettings(eq(M), any());

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenPublishingA(new RecordingFailed(MEETING, REC, "op failed: HTTP 403: not allowed", T0),
                        Map.of(CorrelationMetadata.ACTOR, MediaCommands.ACTOR.value()))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineMatching(deadlineNamed(MediaSaga.RETRY_RECORDING_START));
        verify(calls, never()).stopRecording(M);
    }

    @Test
    void aStartRetryOfARecordingFailedByTheGuardDoesNothingWhenItFires() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).startRecording(M);

        givenRecordingStarting()
                .andThenAPublished(new RecordingFailed(MEETING, REC, "The provider did not start the recording in time", T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_START)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        verify(calls, times(1)).startRecording(M);
    }

    /** Recording 1's retry, pending when it was stopped, fires while recording 2 waits for its activation. */
    @Test
    void aStartRetryOfAnEarlierRecordingDoesNothingToTheNextOne() {
        givenProvisionedMeeting();
        doThrow(unavailable()).doNothing().when(calls).startRecording(M);
        RecordingId second = new RecordingId("recording_2");

        givenRecordingStarting()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .andThenAPublished(new RecordingFailed(MEETING, REC, "Stopped before the provider started recording", T0))
                .andThenAPublished(new RecordingStarted(MEETING, second, HOST, CONFIG, CID, T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_START)
                .expectNoDispatchedCommands()
                // recording 2's safety deadline, until its activation is stored
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), MediaSaga.RETRY_RECORDING_START);
        verify(calls, times(2)).startRecording(M);
    }

    @Test
    void stopRequestStopsTheRecordingAndConfirms() {
        givenProvisionedMeeting();

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .andThenAPublished(new RecordingActivated(MEETING, REC, T0))
                .whenPublishingA(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC))
                .expectScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_RECORDING_STOP);
        verify(calls).stopRecording(M);
    }

    @Test
    void stopRequestWhileTheStartIsStillRetryingFailsTheStoppingRecording() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).startRecording(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenPublishingA(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .expectNoScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_RECORDING_START)
                .expectDispatchedCommands(new FailStoppingRecording(MEETING, REC,
                        "Stopped before the provider started recording (1 attempts)"));
        verify(calls, never()).stopRecording(M);
    }

    @Test
    void meetingEndStopsRecordingAndTranscriptionAtGetStreamAndWaitsForTheMeetingToStoreIt() {
        givenProvisionedMeeting();

        givenRecordingStarting()
                .whenPublishingA(ended(REC))
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC),
                        new StopTranscription(MEETING, "Meeting ended"))
                .expectDispatchedCommandsMatching(allSentBySaga())
                // kept until the meeting's events show the stops were stored
                .expectScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_RECORDING_STOP)
                .expectScheduledDeadlineWithName(SAFETY, MediaSaga.RETRY_CLEANUP)
                .expectActiveSagas(1);
        verify(calls).stopRecording(M);
        verify(calls).stopTranscription(M);
    }

    @Test
    void theSagaEndsOnceTheMeetingHasStoredEveryStop() {
        givenProvisionedMeeting();

        givenRecordingStarting()
                .andThenAPublished(ended(REC))
                .andThenAPublished(new RecordingStopped(MEETING, REC, T0))
                .whenPublishingA(new TranscriptionStopped(MEETING, "Meeting ended", T0))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void meetingEndCleanupRetriesWhileGetStreamIsDown() {
        givenProvisionedMeeting();
        doThrow(unavailable()).doNothing().when(calls).stopTranscription(M);

        fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(ended(null))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_CLEANUP)
                .expectDispatchedCommands(new StopTranscription(MEETING, "Meeting ended"))
                .expectActiveSagas(1);
        verify(calls, times(2)).stopTranscription(M);
        verify(calls, never()).stopRecording(M);
    }

    /** As for the room: the transcription's stop held past its safety deadline makes no third stop from a stale retry. */
    @Test
    void aCleanupRetryOfAnAttemptAlreadyMadeAgainDoesNothing() throws Exception {
        givenProvisionedMeeting();
        doThrow(unavailable()).doThrow(unavailable()).doNothing().when(calls).stopTranscription(M);
        HeldCalls pool = new HeldCalls();
        callExecutor = pool; // the room's and the transcription's start as well, made when the pool runs

        ContinuedGivenState heldUp = fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0))
                .andThenAPublished(ended(null))
                .andThenTimeElapses(SAFETY);
        pool.runOldestFirst(); // stops 1 and 2 fail: retries of attempt 2 (in 1 s) and of attempt 3 (in 2 s)
        callExecutor = Runnable::run;

        heldUp.whenTimeElapses(Duration.ofSeconds(1))
                // the safety deadline (given) and the stale retry, both for attempt 2
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_CLEANUP, MediaSaga.RETRY_CLEANUP)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        verify(calls, times(2)).stopTranscription(M);
    }

    @Test
    void theMeetingsEndWaitsForGetStreamOffTheProcessorThread() throws Exception {
        givenProvisionedMeeting();
        CountDownLatch answer = new CountDownLatch(1);
        doAnswer(call -> answer.await(10, TimeUnit.SECONDS)).when(calls).stopRecording(M);

        // one call only: the helper's pool shuts down once GetStream answers, so a second one would find it closed
        returnsBeforeGetStreamAnswers(answer, givenRecordingActive(),
                new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, REC, false, T0), MediaSaga.RETRY_RECORDING_STOP);
        verify(calls).stopRecording(M);
    }

    @Test
    void aCleanupLostWithItsNodeIsMadeWhenTheSafetyDeadlinesFire() {
        givenProvisionedMeeting();
        callExecutor = losing(4, 5); // room, transcription and recording start made; the node dies before the stops

        givenRecordingActive()
                .andThenAPublished(ended(REC))
                .whenTimeElapses(SAFETY)
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_STOP, MediaSaga.RETRY_CLEANUP)
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC),
                        new StopTranscription(MEETING, "Meeting ended"))
                .expectActiveSagas(1);
        verify(calls, times(1)).stopRecording(M);
        verify(calls, times(1)).stopTranscription(M);
    }

    @Test
    void aCleanupMadeAgainBeforeItsOutcomeWasStoredIsHarmless() {
        givenProvisionedMeeting();
        // the second time GetStream has nothing running any more and refuses
        doNothing().doThrow(forbidden()).when(calls).stopRecording(M);
        doNothing().doThrow(forbidden()).when(calls).stopTranscription(M);

        givenRecordingActive()
                .andThenAPublished(ended(REC)) // the outcome commands are lost: the meeting stores no stop
                .whenTimeElapses(SAFETY)
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_STOP, MediaSaga.RETRY_CLEANUP)
                // stopped all the same, which the meeting takes once
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC),
                        new StopTranscription(MEETING, "Meeting ended"));
        verify(calls, times(2)).stopRecording(M);
        verify(calls, times(2)).stopTranscription(M);
    }

    @Test
    void aCleanupThatNeverGetsAnAnswerGivesUpAndEnds() {
        givenProvisionedMeeting();
        callExecutor = losing(4, 9); // every stop is lost with its node

        givenRecordingActive()
                .andThenAPublished(ended(REC))
                .whenTimeElapses(Duration.ofMinutes(10))
                .expectDispatchedCommands(
                        new FailStoppingRecording(MEETING, REC, "Could not stop the recording: GetStream gave no answer in 3 attempts"),
                        new FailTranscription(MEETING, "Could not stop the transcription: GetStream gave no answer in 3 attempts"))
                .expectActiveSagas(0);
        verify(calls, never()).stopRecording(M);
        verify(calls, never()).stopTranscription(M);
    }

    @Test
    void aStopNeverOvertakesItsStartAtGetStream() {
        givenProvisionedMeeting();
        HeldCalls pool = new HeldCalls();

        ContinuedGivenState given = givenTranscribing();
        callExecutor = pool;
        // a webhook reports the recording before start_recording has answered; the host stops it at once
        given.andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .andThenAPublished(new RecordingActivated(MEETING, REC, T0))
                .whenPublishingA(new RecordingStopRequested(MEETING, REC, HOST, T0));
        pool.runNewestFirst();

        recordingStartedThenStopped();
    }

    @Test
    void theMeetingsEndNeverOvertakesARecordingStartAtGetStream() {
        givenProvisionedMeeting();
        HeldCalls pool = new HeldCalls();

        ContinuedGivenState given = givenTranscribing();
        callExecutor = pool;
        given.andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0))
                .whenPublishingA(ended(REC));
        pool.runNewestFirst();

        recordingStartedThenStopped();
    }

    @Test
    void aTranscriptionStillStartingWhenTheMeetingEndsIsToldToStopAfterItsStart() {
        givenProvisionedMeeting();
        HeldCalls pool = new HeldCalls();

        ContinuedGivenState given = fixture.givenAPublished(started(VideoProvider.GETSTREAM));
        callExecutor = pool;
        given.andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .whenPublishingA(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, null, false, T0))
                .expectActiveSagas(0); // the meeting never stores this transcription: nothing to wait for
        pool.runNewestFirst();

        InOrder order = inOrder(calls);
        order.verify(calls).startTranscription(M);
        order.verify(calls).stopTranscription(M);
    }

    /** The meeting ends with GetStream transcribing and {@code recording} (may be null) in progress. */
    private static MeetingEnded ended(RecordingId recording) {
        return new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, recording, true, T0);
    }

    private void recordingStartedThenStopped() {
        InOrder order = inOrder(calls);
        order.verify(calls).startRecording(M);
        order.verify(calls).stopRecording(M);
    }

    private ContinuedGivenState givenTranscribing() {
        return fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0));
    }

    private ContinuedGivenState givenRecordingStarting() {
        return givenTranscribing().andThenAPublished(new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0));
    }

    private ContinuedGivenState givenRecordingActive() {
        return givenRecordingStarting().andThenAPublished(new RecordingActivated(MEETING, REC, T0));
    }

    @Test
    void aSlowRecordingStartHoldsUpNoOtherMeeting() throws Exception {
        givenProvisionedMeeting();
        CountDownLatch answer = new CountDownLatch(1);
        doAnswer(call -> answer.await(10, TimeUnit.SECONDS)).when(calls).startRecording(M);

        returnsBeforeGetStreamAnswers(answer, fixture.givenAPublished(started(VideoProvider.GETSTREAM))
                        .andThenAPublished(new VideoRoomProvisioned(MEETING, CID, T0))
                        .andThenAPublished(new TranscriptionInitialized(MEETING, "getstream", CID, T0)),
                new RecordingStarted(MEETING, REC, HOST, CONFIG, CID, T0), MediaSaga.RETRY_RECORDING_START);
        verify(calls).startRecording(M);
    }

    @Test
    void aSlowRecordingStopHoldsUpNoOtherMeeting() throws Exception {
        givenProvisionedMeeting();
        CountDownLatch answer = new CountDownLatch(1);
        doAnswer(call -> answer.await(10, TimeUnit.SECONDS)).when(calls).stopRecording(M);

        returnsBeforeGetStreamAnswers(answer, givenRecordingActive(), new RecordingStopRequested(MEETING, REC, HOST, T0),
                MediaSaga.RETRY_RECORDING_STOP);
        verify(calls).stopRecording(M);
    }

    /**
     * From {@code given} on, calls run on a pool; {@code event}'s handler must return while GetStream holds its call
     * until {@code answer}, so the processor thread is free for the next event: nothing sent yet, the call's safety
     * deadline stored. Then GetStream answers and the pool finishes.
     */
    private void returnsBeforeGetStreamAnswers(CountDownLatch answer, ContinuedGivenState given, Object event,
                                               String safetyDeadline) throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "media-call"));
        callExecutor = pool;
        try {
            long before = System.nanoTime();
            given.whenPublishingA(event)
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(SAFETY, safetyDeadline);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        } finally {
            answer.countDown();
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRecordingStartLostWithItsNodeIsMadeAgainWhenTheSafetyDeadlineFires() {
        givenProvisionedMeeting();
        callExecutor = losing(3); // room and transcription calls made; the node dies before making the recording's

        givenRecordingStarting()
                .whenTimeElapses(SAFETY)
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_START)
                .expectDispatchedCommands(new ActivateRecording(MEETING, REC));
        verify(calls, times(1)).startRecording(M);
    }

    @Test
    void aRecordingStopLostWithItsNodeIsMadeAgainWhenTheSafetyDeadlineFires() {
        givenProvisionedMeeting();
        callExecutor = losing(4); // room, transcription and recording start made; the node dies before the stop

        givenRecordingActive()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .whenTimeElapses(SAFETY)
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_STOP)
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC));
        verify(calls, times(1)).stopRecording(M);
    }

    /** The end finds the host's stop waiting for its retry: that retry makes it, once; nothing stops it anew. */
    @Test
    void aStopUnderWayWhenTheMeetingEndsCarriesOnWithItsOwnRetry() {
        givenProvisionedMeeting();
        doThrow(unavailable()).doNothing().when(calls).stopRecording(M);

        givenRecordingActive()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .andThenAPublished(ended(REC))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_STOP)
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC))
                .expectActiveSagas(1);
        verify(calls, times(2)).stopRecording(M);
        verify(calls).stopTranscription(M);
    }

    @Test
    void theRecordingEventsEndTheSafetyDeadlines() {
        givenProvisionedMeeting();

        givenRecordingActive()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .whenPublishingA(new RecordingStopped(MEETING, REC, T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void stopRetriesAfterATransientFailureAndARefusalMeansStopped() {
        givenProvisionedMeeting();
        doThrow(unavailable()).doThrow(forbidden()).when(calls).stopRecording(M);

        givenRecordingActive()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(MediaSaga.RETRY_RECORDING_STOP)
                // GetStream has no recording running for the call any more
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC));
        verify(calls, times(2)).stopRecording(M);
    }

    @Test
    void aStopThatKeepsFailingFailsTheStoppingRecording() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).stopRecording(M);

        givenRecordingActive()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .whenTimeElapses(Duration.ofSeconds(3)) // the backoffs of attempts 2 and 3
                .expectDispatchedCommands(new FailStoppingRecording(MEETING, REC,
                        "Could not stop the recording: op failed: HTTP 503"));
        verify(calls, times(3)).stopRecording(M);
    }

    @Test
    void aStopThatNeverAnswersFailsTheStoppingRecordingWithoutCallingAgain() throws Exception {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).stopRecording(M);
        callExecutor = losing(6); // room, transcription, start, stop attempts 1 and 2; the node dies before the third

        givenRecordingActive()
                .andThenAPublished(new RecordingStopRequested(MEETING, REC, HOST, T0))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenTimeElapses(Duration.ofMinutes(1))
                .expectDispatchedCommands(new FailStoppingRecording(MEETING, REC,
                        "Could not stop the recording: GetStream gave no answer in 3 attempts"));
        verify(calls, times(2)).stopRecording(M);
    }

    @Test
    void aStopAtTheMeetingsEndThatKeepsFailingFailsTheStoppingRecording() {
        givenProvisionedMeeting();
        doThrow(unavailable()).when(calls).stopRecording(M);

        givenRecordingActive()
                .andThenAPublished(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, REC, true, T0))
                .whenTimeElapses(Duration.ofSeconds(3)) // the backoffs of cleanups 2 and 3
                .expectDispatchedCommands(new FailStoppingRecording(MEETING, REC,
                        "Could not stop the recording: op failed: HTTP 503"))
                .expectActiveSagas(1); // until the meeting has stored the failure
        verify(calls, times(3)).stopRecording(M);
    }

    @Test
    void aStopAtTheMeetingsEndThatGetStreamRefusesMeansStopped() {
        givenProvisionedMeeting();
        doThrow(forbidden()).when(calls).stopRecording(M);

        givenRecordingActive()
                .whenPublishingA(new MeetingEnded(MEETING, HOST, VideoProvider.GETSTREAM, REC, true, T0))
                .expectDispatchedCommands(new ConfirmRecordingStopped(MEETING, REC),
                        new StopTranscription(MEETING, "Meeting ended"))
                .expectActiveSagas(1); // until the meeting has stored both stops
    }

    /** Every command the saga sends names it as the actor. */
    private static Matcher<List<CommandMessage<?>>> allSentBySaga() {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<CommandMessage<?>> messages) {
                return !messages.isEmpty() && messages.stream()
                        .allMatch(m -> "system:media-saga".equals(m.getMetaData().get("actor")));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("commands with metadata actor=system:media-saga");
            }
        };
    }
}
