package io.connvo.meetings.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.ParticipantRemoved;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.saga.getstream.GetStreamCalls;
import io.connvo.meetings.platform.AxonSerializers;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Axon stores the saga as JSON (the platform's Jackson 2 mapper): a saga mid-flow must survive that, and so must the
 * rows of sagas that were running when a new version was deployed.
 */
class MediaSagaSerializationTest {

    private static final MeetingId MEETING = new MeetingId("meeting_1");
    private static final RecordingId REC = new RecordingId("recording_1");
    private static final RecordingConfig CONFIG =
            new RecordingConfig(RecordingMode.AVAILABLE, true, RecordingQuality.P360, RecordingLayout.GRID);
    private static final GetStreamProperties.Retry RETRY =
            new GetStreamProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);

    /**
     * A saga_entry row written before the saga's collaborators became {@link MediaServices} and its recording calls
     * moved off the processor's thread: a recording starting, its second attempt pending.
     */
    private static final String STORED_BEFORE = """
            {"meetingId":"meeting_1","hostId":"host","participantIds":["host","guest"],"maxParticipants":20,\
            "provider":"getstream","roomId":"default:meeting_1","provisioningAttempts":1,"provisioningDeadline":null,\
            "transcriptionAttempts":1,"transcriptionDeadline":null,"transcriptionProvider":"getstream",\
            "recordingId":"recording_1","recordingConfig":{"mode":"available","audioOnly":true,"quality":"360p",\
            "layout":"grid"},"recordingPhase":"STARTING","recordingAttempts":1,"ending":false,\
            "recordingStopPending":false,"transcriptionStopPending":false,"cleanupAttempts":0}""";

    /** Fields of the meeting's end while it stopped everything in one go on the processor's thread. */
    private static final Set<String> DROPPED = Set.of("recordingStopPending", "cleanupAttempts");

    /** A saga_entry row of that version, its meeting ended, waiting for its cleanup's retry. */
    private static final String STORED_ENDING = STORED_BEFORE
            .replace("\"recordingPhase\":\"STARTING\"", "\"recordingPhase\":\"ACTIVE\"")
            .replace("\"ending\":false", "\"ending\":true")
            .replace("\"recordingStopPending\":false,\"transcriptionStopPending\":false,\"cleanupAttempts\":0",
                    "\"recordingStopPending\":true,\"transcriptionStopPending\":true,\"cleanupAttempts\":1");

    private final ObjectMapper objectMapper = AxonSerializers.objectMapper();
    private final JacksonSerializer serializer = AxonSerializers.jackson();
    private final GetStreamCalls calls = mock(GetStreamCalls.class);
    private final CommandBus bus = mock(CommandBus.class);
    private final DeadlineManager deadlines = mock(DeadlineManager.class);
    private final MediaCommands commands = new MediaCommands(bus, new MediaSagaProperties(1, Duration.ofMillis(10), 1));
    /** Records the calls the saga starts; each test makes the one it checks. */
    private final MediaCallRunner runner = mock(MediaCallRunner.class);
    private final MediaServices media = new MediaServices(calls, runner, commands,
            new RetryPolicy(RETRY, () -> 0.5, new SimpleMeterRegistry()),
            new GetStreamProperties(null, null, null, null, null, null, RETRY));

    @Test
    void sagaWithARecordingStartingRoundTrips() throws Exception {
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        MediaSaga saga = new MediaSaga();
        saga.on(new MeetingStarted(MEETING, new UserId("host"), new UserId("host"), "t", Tier.PAID, VideoProvider.GETSTREAM,
                20, List.of(new UserId("host"), new UserId("guest")), now), media, deadlines);
        saga.on(new VideoRoomProvisioned(MEETING, "default:meeting_1", now), media, deadlines);
        saga.on(new TranscriptionInitialized(MEETING, "getstream", "default:meeting_1", now), deadlines);
        saga.on(new RecordingStarted(MEETING, REC, new UserId("host"), CONFIG, "default:meeting_1", now), media,
                deadlines);

        SerializedObject<byte[]> stored = serializer.serialize(saga, byte[].class);
        JsonNode json = objectMapper.readTree(stored.getData());
        assertThat(json.get("meetingId").asText()).isEqualTo("meeting_1");
        assertThat(json.get("roomId").asText()).isEqualTo("default:meeting_1");
        assertThat(json.get("participantIds")).hasSize(2);
        assertThat(json.get("recordingId").asText()).isEqualTo("recording_1");
        assertThat(json.get("recordingPhase").asText()).isEqualTo("STARTING");
        assertThat(json.get("recordingAttempts").asInt()).isEqualTo(1);
        assertThat(json.get("recordingConfig").get("quality").asText()).isEqualTo("360p");
        assertThat(json.get("transcriptionProvider").asText()).isEqualTo("getstream");

        MediaSaga restored = serializer.deserialize(stored);
        assertThat(serializer.serialize(restored, String.class).getData())
                .isEqualTo(serializer.serialize(saga, String.class).getData());
        carriesOnWithTheRecordingsSecondAttempt(restored);
    }

    @Test
    void aSagaStoredByThePreviousVersionCarriesOn() throws Exception {
        MediaSaga restored = serializer.deserialize(new SimpleSerializedObject<>(STORED_BEFORE.getBytes(
                StandardCharsets.UTF_8), byte[].class, MediaSaga.class.getName(), null));

        JsonNode json = objectMapper.readTree(serializer.serialize(restored, String.class).getData());
        JsonNode before = objectMapper.readTree(STORED_BEFORE);
        before.fieldNames().forEachRemaining(field -> {
            if (!DROPPED.contains(field)) {
                assertThat(json.get(field)).as(field).isEqualTo(before.get(field));
            }
        });
        carriesOnWithTheRecordingsSecondAttempt(restored);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSagaStoredByThePreviousVersionWhileCleaningUpStopsWhatIsLeft() {
        MediaSaga restored = serializer.deserialize(new SimpleSerializedObject<>(STORED_ENDING.getBytes(
                StandardCharsets.UTF_8), byte[].class, MediaSaga.class.getName(), null));

        restored.retryCleanup(new RetryDue(MediaSaga.RETRY_CLEANUP, 2, null), media, deadlines);

        ArgumentCaptor<MediaCallRunner.Attempt> attempt = ArgumentCaptor.forClass(MediaCallRunner.Attempt.class);
        ArgumentCaptor<Supplier<Object>> call = ArgumentCaptor.forClass(Supplier.class);
        verify(runner, times(2)).start(attempt.capture(), call.capture(), any(), any());
        assertThat(attempt.getAllValues()).extracting(MediaCallRunner.Attempt::retryDeadline)
                .containsExactly(MediaSaga.RETRY_RECORDING_STOP, MediaSaga.RETRY_CLEANUP);
        call.getAllValues().forEach(Supplier::get);
        verify(calls).stopRecording("meeting_1");
        verify(calls).stopTranscription("meeting_1");
    }

    /** A saga stored before the call's members followed the meeting's participants: a removal reaches GetStream. */
    @Test
    void aSagaStoredByThePreviousVersionRemovesAndBlocksARemovedParticipant() {
        MediaSaga restored = serializer.deserialize(new SimpleSerializedObject<>(STORED_BEFORE.getBytes(
                StandardCharsets.UTF_8), byte[].class, MediaSaga.class.getName(), null));

        restored.on(new ParticipantRemoved(MEETING, new UserId("guest"), new UserId("host"), Instant.EPOCH), media,
                deadlines);

        ArgumentCaptor<Runnable> call = ArgumentCaptor.forClass(Runnable.class);
        verify(runner).startUnreported(any(), call.capture());
        call.getValue().run();
        verify(calls).removeAndBlockMember("meeting_1", "guest");
    }

    /** A membership change failed once; its retry, stored as a deadline, finds the restored saga waiting for it. */
    @Test
    void aMembershipChangeRetriedAfterARestoreIsItsNextAttempt() {
        MediaSaga saga = serializer.deserialize(new SimpleSerializedObject<>(STORED_BEFORE.getBytes(
                StandardCharsets.UTF_8), byte[].class, MediaSaga.class.getName(), null));
        saga.on(new ParticipantAdded(MEETING, new UserId("newcomer"), ParticipantRole.PARTICIPANT, new UserId("host"),
                Instant.EPOCH), media, deadlines);
        ArgumentCaptor<MediaCallRunner.Attempt> first = ArgumentCaptor.forClass(MediaCallRunner.Attempt.class);
        verify(runner).startUnreported(first.capture(), any());
        RetryDue due = serializer.deserialize(serializer.serialize(first.getValue().next(), byte[].class));
        MediaSaga restored = serializer.deserialize(serializer.serialize(saga, byte[].class));
        clearInvocations(runner);

        restored.retryMembership(due, media, deadlines);

        ArgumentCaptor<MediaCallRunner.Attempt> second = ArgumentCaptor.forClass(MediaCallRunner.Attempt.class);
        ArgumentCaptor<Runnable> call = ArgumentCaptor.forClass(Runnable.class);
        verify(runner).startUnreported(second.capture(), call.capture());
        assertThat(second.getValue().number()).isEqualTo(2);
        call.getValue().run();
        verify(calls).addMember("meeting_1", "newcomer");
    }

    /** A retry deadline's payload stored before it named its recording. */
    private static final String RETRY_STORED_BEFORE = """
            {"step":"media-saga.retry-recording-start","attempt":2}""";

    /** The pending retry, as stored then, fires: the saga starts the same recording with its settings, as attempt 2. */
    @SuppressWarnings("unchecked")
    private void carriesOnWithTheRecordingsSecondAttempt(MediaSaga restored) {
        clearInvocations(runner);
        RetryDue due = serializer.deserialize(new SimpleSerializedObject<>(RETRY_STORED_BEFORE.getBytes(
                StandardCharsets.UTF_8), byte[].class, RetryDue.class.getName(), null));
        assertThat(due).isEqualTo(new RetryDue(MediaSaga.RETRY_RECORDING_START, 2, null));
        restored.retryRecordingStart(due, media, deadlines);

        ArgumentCaptor<MediaCallRunner.Attempt> attempt = ArgumentCaptor.forClass(MediaCallRunner.Attempt.class);
        ArgumentCaptor<Supplier<Object>> call = ArgumentCaptor.forClass(Supplier.class);
        ArgumentCaptor<Function<Object, Object>> success = ArgumentCaptor.forClass(Function.class);
        verify(runner).start(attempt.capture(), call.capture(), success.capture(), any());
        assertThat(attempt.getValue().retryDeadline()).isEqualTo(MediaSaga.RETRY_RECORDING_START);
        assertThat(attempt.getValue().number()).isEqualTo(2);
        Object started = call.getValue().get();
        verify(calls).applyRecordingSettings("meeting_1", CONFIG);
        verify(calls).startRecording("meeting_1");
        assertThat(success.getValue().apply(started)).isEqualTo(new ActivateRecording(MEETING, REC));
    }
}
