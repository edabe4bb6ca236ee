package io.connvo.meetings.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.connvo.meetings.api.MeetingId;
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
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.api.event.TranscriptionInitialized;
import io.connvo.meetings.api.event.VideoRoomProvisioned;
import io.connvo.meetings.saga.getstream.GetStreamCalls;
import io.connvo.meetings.saga.getstream.GetStreamException;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Axon stores the saga as JSON with Jackson 2 + JavaTimeModule: a saga mid-flow must survive that. */
class MediaSagaSerializationTest {

    private static final MeetingId MEETING = new MeetingId("meeting_1");
    private static final RecordingId REC = new RecordingId("recording_1");
    private static final RecordingConfig CONFIG =
            new RecordingConfig(RecordingMode.AVAILABLE, true, RecordingQuality.P360, RecordingLayout.GRID);
    private static final GetStreamProperties.Retry RETRY =
            new GetStreamProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);

    private final ObjectMapper objectMapper = new ObjectMapper().registerModule(new JavaTimeModule());
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(objectMapper).build();

    @Test
    void sagaWithAPendingRecordingRetryRoundTrips() throws Exception {
        GetStreamCalls calls = mock(GetStreamCalls.class);
        CommandBus bus = mock(CommandBus.class);
        DeadlineManager deadlines = mock(DeadlineManager.class);
        MediaCommands commands = new MediaCommands(bus, new MediaSagaProperties(1, Duration.ofMillis(10), 1));
        MediaCallRunner runner = mock(MediaCallRunner.class); // room and transcription outcomes arrive as events below
        RetryPolicy retry = new RetryPolicy(RETRY, () -> 0.5, new SimpleMeterRegistry());
        GetStreamProperties properties = new GetStreamProperties(null, null, null, null, null, null, RETRY);
        when(calls.getOrCreateCall(any())).thenReturn("default:meeting_1");
        doThrow(new GetStreamException("start recording", "HTTP 503", true, 503, null)).doNothing()
                .when(calls).startRecording("meeting_1");
        Instant now = Instant.parse("2025-01-01T10:00:00Z");

        MediaSaga saga = new MediaSaga();
        saga.on(new MeetingStarted(MEETING, new UserId("host"), new UserId("host"), "t", Tier.PAID, VideoProvider.GETSTREAM,
                20, List.of(new UserId("host"), new UserId("guest")), now), calls, commands, deadlines, retry, properties,
                runner);
        saga.on(new VideoRoomProvisioned(MEETING, "default:meeting_1", now), calls, commands, deadlines, retry, runner);
        saga.on(new TranscriptionInitialized(MEETING, "getstream", "default:meeting_1", now), deadlines);
        saga.on(new RecordingStarted(MEETING, REC, new UserId("host"), CONFIG, "default:meeting_1", now),
                calls, commands, deadlines, retry);

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

        // The restored saga carries on where it stopped: the pending retry starts the same recording.
        restored.retryRecordingStart(new RetryDue(MediaSaga.RETRY_RECORDING_START, 2), calls, commands, deadlines, retry);
        verify(calls, org.mockito.Mockito.times(2)).applyRecordingSettings("meeting_1", CONFIG);
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(bus, org.mockito.Mockito.times(1)).dispatch(sent.capture(), any());
        assertThat(sent.getValue().getPayload()).isEqualTo(new ActivateRecording(MEETING, REC));
        assertThat(sent.getValue().getMetaData()).containsEntry("actor", "system:media-saga");
    }
}
