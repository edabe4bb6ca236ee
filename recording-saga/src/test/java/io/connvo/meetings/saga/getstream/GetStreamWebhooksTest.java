package io.connvo.meetings.saga.getstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.ActivateRecording;
import io.connvo.meetings.api.command.ConfirmCallSessionEnded;
import io.connvo.meetings.api.command.ConfirmParticipantJoined;
import io.connvo.meetings.api.command.ConfirmParticipantLeft;
import io.connvo.meetings.api.command.ConfirmRecordingStopped;
import io.connvo.meetings.api.command.FailRecording;
import io.connvo.meetings.api.command.FailTranscription;
import io.connvo.meetings.api.command.InitializeTranscription;
import io.connvo.meetings.api.command.MarkRecordingReady;
import io.connvo.meetings.api.command.MarkTranscriptionReady;
import io.connvo.meetings.api.command.StopTranscription;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.webhook.HandleGetStreamWebhook;
import io.connvo.meetings.api.webhook.WebhookOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GetStream's webhook payloads and the meeting commands they become, on Axon's SimpleCommandBus with a stand-in for
 * the meeting's command handlers.
 */
class GetStreamWebhooksTest {

    private static final MeetingId MEETING = new MeetingId("meeting_0123456789abcdef0123456789abcdef");
    private static final String CID = "default:" + MEETING;

    private static final List<Class<?>> MEETING_COMMANDS = List.of(ActivateRecording.class, ConfirmRecordingStopped.class,
            MarkRecordingReady.class, FailRecording.class, InitializeTranscription.class, StopTranscription.class,
            MarkTranscriptionReady.class, FailTranscription.class, ConfirmParticipantJoined.class,
            ConfirmParticipantLeft.class, ConfirmCallSessionEnded.class);

    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final GetStreamWebhooks webhooks = new GetStreamWebhooks(commandBus);
    /** What the meeting received, and how it answers. */
    private final List<CommandMessage<?>> received = new ArrayList<>();
    private Function<CommandMessage<?>, Object> meeting = command -> 1L;

    GetStreamWebhooksTest() {
        MEETING_COMMANDS.forEach(type -> commandBus.subscribe(type.getName(), command -> {
            received.add(command);
            return meeting.apply(command);
        }));
    }

    private static Object refuse(RuntimeException refusal) {
        throw refusal;
    }

    private static String event(String type, String extra) {
        return "{\"type\":\"" + type + "\",\"call_cid\":\"" + CID + "\",\"egress_id\":\"e1\","
                + "\"created_at\":\"2025-01-01T00:00:00Z\"" + extra + "}";
    }

    /** A session participant event as GetStream sends it: the participant's user, its session, the event time. */
    static String participantEvent(String type, String userId, String createdAt) {
        return "{\"type\":\"" + type + "\",\"call_cid\":\"" + CID + "\",\"created_at\":\"" + createdAt + "\","
                + "\"session_id\":\"session-1\",\"participant\":{\"user\":{\"id\":\"" + userId + "\",\"role\":\"user\"},"
                + "\"user_session_id\":\"us-1\",\"role\":\"user\",\"joined_at\":\"" + createdAt + "\"}}";
    }

    private WebhookOutcome handle(String body) {
        return webhooks.handle(new HandleGetStreamWebhook("wh-1", body));
    }

    private Object sent() {
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getMetaData())
                .containsEntry("actor", "system:getstream-webhook")
                .containsEntry(HandleGetStreamWebhook.WEBHOOK_ID, "wh-1");
        return received.get(0).getPayload();
    }

    static Stream<Arguments> mappings() {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        return Stream.of(
                Arguments.of(event("call.recording_started", ",\"recording_type\":\"composite\""),
                        new ActivateRecording(MEETING, null)),
                Arguments.of(event("call.recording_stopped", ",\"recording_type\":\"composite\""),
                        new ConfirmRecordingStopped(MEETING, null)),
                Arguments.of(event("call.recording_ready", ",\"call_recording\":{\"filename\":\"r.mp4\",\"url\":\"http://127.0.0.1:1/recordings/r.mp4\","
                                + "\"session_id\":\"s\",\"start_time\":\"2025-01-01T00:00:00.123Z\",\"end_time\":\"2025-01-01T00:05:00+00:00\"}"),
                        new MarkRecordingReady(MEETING, null, "http://127.0.0.1:1/recordings/r.mp4", "r.mp4",
                                Instant.parse("2025-01-01T00:00:00.123Z"), Instant.parse("2025-01-01T00:05:00Z"))),
                Arguments.of(event("call.recording_failed", ""),
                        new FailRecording(MEETING, null, "GetStream reported the recording failed (egress e1)")),
                Arguments.of(event("call.transcription_started", ""),
                        new InitializeTranscription(MEETING, "getstream", "e1")),
                Arguments.of(event("call.transcription_stopped", ""),
                        new StopTranscription(MEETING, "GetStream stopped the transcription")),
                Arguments.of(event("call.transcription_ready", ",\"call_transcription\":{\"filename\":\"t.jsonl\",\"url\":\"https://x/t.jsonl\"}"),
                        new MarkTranscriptionReady(MEETING, "https://x/t.jsonl")),
                Arguments.of(event("call.transcription_failed", ""),
                        new FailTranscription(MEETING, "GetStream reported the transcription failed (egress e1)")),
                Arguments.of(participantEvent("call.session_participant_joined", "user_guest", "2025-01-01T00:00:07.5Z"),
                        new ConfirmParticipantJoined(MEETING, new UserId("user_guest"), Instant.parse("2025-01-01T00:00:07.5Z"))),
                Arguments.of(participantEvent("call.session_participant_left", "user_guest", "2025-01-01T00:10:00+01:00"),
                        new ConfirmParticipantLeft(MEETING, new UserId("user_guest"), Instant.parse("2024-12-31T23:10:00Z"))),
                Arguments.of(event("call.session_ended", ",\"session_id\":\"session-1\""),
                        new ConfirmCallSessionEnded(MEETING, at)));
    }

    @ParameterizedTest
    @MethodSource("mappings")
    void eachEventSendsItsCommandNamingTheWebhook(String body, Object expected) {
        WebhookOutcome outcome = handle(body);

        assertThat(outcome.result()).isEqualTo(WebhookOutcome.Result.APPLIED);
        assertThat(outcome.callCid()).isEqualTo(CID);
        assertThat(sent()).isEqualTo(expected);
    }

    @Test
    void theTestVectorBecomesMarkRecordingReadyForItsCall() {
        String body = "{\"type\":\"call.recording_ready\",\"call_cid\":\"default:c1\",\"egress_id\":\"e1\",\"recording_type\":\"composite\",\"created_at\":\"2025-01-01T00:00:00Z\",\"call_recording\":{\"filename\":\"a.mp4\",\"url\":\"https://x/a.mp4\",\"session_id\":\"s\",\"start_time\":\"2025-01-01T00:00:00Z\",\"end_time\":\"2025-01-01T00:01:00Z\"}}";

        assertThat(handle(body)).isEqualTo(new WebhookOutcome("call.recording_ready", "default:c1", WebhookOutcome.Result.APPLIED, null));
        assertThat(sent()).isEqualTo(new MarkRecordingReady(new MeetingId("c1"), null, "https://x/a.mp4", "a.mp4",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:01:00Z")));
    }

    @Test
    void withoutAWebhookIdTheCommandCarriesOnlyTheActor() {
        webhooks.handle(new HandleGetStreamWebhook(null, event("call.recording_stopped", "")));

        assertThat(received).singleElement().satisfies(command -> assertThat(command.getMetaData()).containsOnlyKeys("actor"));
    }

    @Test
    void unknownEventTypesSessionStartsAndOtherCallsAreIgnored() {
        assertThat(handle("{\"type\":\"call.member_added\",\"call_cid\":\"default:x\"}").result())
                .isEqualTo(WebhookOutcome.Result.IGNORED);
        assertThat(handle(event("call.session_started", "")).result()).isEqualTo(WebhookOutcome.Result.IGNORED);
        assertThat(handle(participantEvent("call.session_participant_joined", "u", "2025-01-01T00:00:00Z")
                .replace(CID, "livestream:x"))).extracting(WebhookOutcome::result).isEqualTo(WebhookOutcome.Result.IGNORED);

        assertThat(received).isEmpty();
    }

    @Test
    void aMeetingThatSaysNoIsRejectedWithItsReason() {
        meeting = command -> refuse(MeetingException.notFound("Participant"));

        WebhookOutcome outcome = handle(participantEvent("call.session_participant_joined", "user_stranger", "2025-01-01T00:00:00Z"));

        assertThat(outcome.result()).isEqualTo(WebhookOutcome.Result.REJECTED);
        assertThat(outcome.reason()).isEqualTo("Participant not found");
    }

    @Test
    void aLostRaceOrABrokenBusIsThrownSoThatGetStreamRedelivers() {
        meeting = command -> refuse(MeetingException.concurrentChange());
        assertThatThrownBy(() -> handle(event("call.recording_stopped", "")))
                .matches(MeetingException::isConcurrentChange);

        meeting = command -> refuse(new IllegalStateException("bus down"));
        assertThatThrownBy(() -> handle(event("call.recording_stopped", ""))).isInstanceOf(IllegalStateException.class);
    }

    static Stream<Arguments> malformed() {
        String ready = "call.recording_ready";
        String joined = "call.session_participant_joined";
        return Stream.of(
                Arguments.of("not JSON", "{\"type\":\"call.recording_ready\",", "body"),
                Arguments.of("an array", "[1,2]", "body"),
                Arguments.of("empty", "", "body"),
                Arguments.of("type not a string", "{\"type\":42}", "type"),
                Arguments.of("type too long", "{\"type\":\"" + "t".repeat(101) + "\"}", "type"),
                Arguments.of("NUL in the type", "{\"type\":\"call.\\u0000\",\"call_cid\":\"" + CID + "\"}", "type"),
                Arguments.of("C1 control in call_cid", "{\"type\":\"call.recording_started\",\"call_cid\":\"other:\\u0085\"}", "call_cid"),
                Arguments.of("call_cid too long", "{\"type\":\"call.recording_started\",\"call_cid\":\"default:" + "m".repeat(200) + "\"}", "call_cid"),
                Arguments.of("no call_cid", "{\"type\":\"call.recording_stopped\"}", "call_cid"),
                Arguments.of("call_cid not a meeting id", "{\"type\":\"call.recording_stopped\",\"call_cid\":\"default:not a meeting!\"}", "call_cid"),
                Arguments.of("NUL in the url", event(ready, ",\"call_recording\":{\"url\":\"https://x/\\u0000\"}"), "call_recording.url"),
                Arguments.of("no url", event(ready, ",\"call_recording\":{\"filename\":\"a.mp4\"}"), "call_recording.url"),
                Arguments.of("bad start_time", event(ready, ",\"call_recording\":{\"url\":\"https://x\",\"start_time\":\"yesterday\"}"), "call_recording.start_time"),
                Arguments.of("bidi override in the filename", event(ready,
                        ",\"call_recording\":{\"url\":\"https://x/a.mp4\",\"filename\":\"\\u202Egnp.exe\"}"), "call_recording.filename"),
                Arguments.of("escape in egress_id", event("call.recording_failed", "").replace("\"e1\"", "\"e\\u001B1\""), "egress_id"),
                Arguments.of("no participant", event(joined, ""), "participant.user.id"),
                Arguments.of("participant id with a space", participantEvent(joined, "a b", "2025-01-01T00:00:00Z"), "participant.user.id"),
                Arguments.of("participant event without time", participantEvent(joined, "u", "x")
                        .replace("\"created_at\":\"x\",", ""), "created_at"),
                Arguments.of("participant event with a bad time", participantEvent(joined, "u", "noon"), "created_at"),
                Arguments.of("session end without time", "{\"type\":\"call.session_ended\",\"call_cid\":\"" + CID + "\"}", "created_at"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedPayloadIsAValidationErrorNamingTheFieldAndSendsNothing(String why, String body, String field) {
        assertThatThrownBy(() -> handle(body)).isInstanceOfSatisfying(MeetingException.class, e -> {
            assertThat(e.details().code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.details().metadata()).containsEntry("field", field);
        });
        assertThat(received).isEmpty();
    }
}
