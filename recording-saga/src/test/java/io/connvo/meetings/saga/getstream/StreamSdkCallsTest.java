package io.connvo.meetings.saga.getstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.RecordingLayout;
import io.connvo.meetings.api.RecordingMode;
import io.connvo.meetings.api.RecordingQuality;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real SDK against WireMock: GetStream's wire format, auth, and how failures are classified. */
class StreamSdkCallsTest {

    private static final String KEY = "test-key";
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final String CALL = "/api/v2/video/call/default/meeting_1";
    private static final GetStreamProperties.CircuitBreaker LENIENT =
            new GetStreamProperties.CircuitBreaker(50, 100, 100, Duration.ofMinutes(1), 1);
    /**
     * Generous where a test expects WireMock's answer: on a loaded machine a tight call timeout turned a stubbed 4xx
     * or 5xx into a timeout, which the breaker counts and the classification tests misread.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private static WireMockServer server;
    private StreamSdkCalls calls;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        calls = sdkCalls(URI.create(server.baseUrl()), LENIENT);
    }

    private static StreamSdkCalls sdkCalls(URI baseUrl, GetStreamProperties.CircuitBreaker breaker) {
        return sdkCalls(baseUrl, breaker, ANSWER_TIMEOUT);
    }

    private static StreamSdkCalls sdkCalls(URI baseUrl, GetStreamProperties.CircuitBreaker breaker, Duration timeout) {
        GetStreamProperties properties = new GetStreamProperties(KEY, SECRET, baseUrl, timeout,
                Duration.ofHours(2), breaker, null);
        return new StreamSdkCalls(properties, GetStreamConfiguration.circuitBreaker(breaker));
    }

    private static void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** api_key, Stream-Auth-Type and a server JWT (no Bearer) signed with our secret. */
    private static void assertAuthenticated(LoggedRequest request) {
        assertThat(request.queryParameter("api_key").firstValue()).isEqualTo(KEY);
        assertThat(request.getHeader("Stream-Auth-Type")).isEqualTo("jwt");
        String token = request.getHeader("Authorization");
        assertThat(token).doesNotStartWith("Bearer");
        Claims claims = Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)))
                .build().parseSignedClaims(token).getPayload();
        assertThat(claims.get("server", Boolean.class)).isTrue();
    }

    @Test
    void getOrCreateSendsCreatorMembersAndSettings() {
        stub(post(urlPathEqualTo(CALL)).willReturn(okJson(
                "{\"call\":{\"cid\":\"default:meeting_1\",\"id\":\"meeting_1\",\"type\":\"default\"},\"created\":true,"
                        + "\"members\":[],\"own_capabilities\":[],\"duration\":\"1ms\",\"unknown_field\":1}")));

        String cid = calls.getOrCreateCall(new CallSpec("meeting_1", "user_host", List.of("user_host", "user_guest"), 25,
                Duration.ofHours(2)));

        assertThat(cid).isEqualTo("default:meeting_1");
        server.verify(postRequestedFor(urlPathEqualTo(CALL))
                .withRequestBody(matchingJsonPath("$.data.created_by_id", equalTo("user_host")))
                .withRequestBody(matchingJsonPath("$.data.members[0].user_id", equalTo("user_host")))
                .withRequestBody(matchingJsonPath("$.data.members[0].role", equalTo("host")))
                .withRequestBody(matchingJsonPath("$.data.members[1].user_id", equalTo("user_guest")))
                .withRequestBody(matchingJsonPath("$.data.members.length()", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.data.settings_override.recording.mode", equalTo("available")))
                .withRequestBody(matchingJsonPath("$.data.settings_override.transcription.mode", equalTo("available")))
                .withRequestBody(matchingJsonPath("$.data.settings_override.limits.max_participants", equalTo("25")))
                .withRequestBody(matchingJsonPath("$.data.settings_override.limits.max_duration_seconds", equalTo("7200"))));
        assertAuthenticated(onlyRequest());
    }

    /** The room id goes on into events and the meeting view's {@code room_id VARCHAR(255)}: it is the call we asked for. */
    @Test
    void theRoomIsTheCallAskedForWhateverCidTheAnswerNames() {
        for (String answered : List.of("default:" + "x".repeat(300), "default:meeting_1\\u0000", "other:meeting_2", "")) {
            server.resetAll();
            stub(post(urlPathEqualTo(CALL)).willReturn(okJson("{\"call\":{\"cid\":\"" + answered + "\"},\"created\":true}")));

            assertThat(calls.getOrCreateCall(new CallSpec("meeting_1", "user_host", List.of("user_host"), 4,
                    Duration.ofHours(1)))).as(answered).isEqualTo("default:meeting_1");
        }
    }

    @Test
    void recordingSettingsAreWrittenIntoTheCall() {
        stub(patch(urlPathEqualTo(CALL)).willReturn(okJson("{\"call\":{\"cid\":\"default:meeting_1\"},\"members\":[]}")));

        calls.applyRecordingSettings("meeting_1",
                new RecordingConfig(RecordingMode.AVAILABLE, true, RecordingQuality.P1080, RecordingLayout.SINGLE_PARTICIPANT));

        server.verify(patchRequestedFor(urlPathEqualTo(CALL))
                .withRequestBody(matchingJsonPath("$.settings_override.recording.mode", equalTo("available")))
                .withRequestBody(matchingJsonPath("$.settings_override.recording.audio_only", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.settings_override.recording.quality", equalTo("1080p")))
                .withRequestBody(matchingJsonPath("$.settings_override.recording.layout.name", equalTo("single-participant"))));
        assertAuthenticated(onlyRequest());
    }

    @Test
    void startAndStopCallsHitTheirEndpoints() {
        for (String action : List.of("start_recording", "stop_recording", "start_transcription", "stop_transcription")) {
            stub(post(urlPathEqualTo(CALL + "/" + action)).willReturn(okJson("{\"duration\":\"2ms\"}")));
        }

        calls.startRecording("meeting_1");
        calls.stopRecording("meeting_1");
        calls.startTranscription("meeting_1");
        calls.stopTranscription("meeting_1");

        for (String action : List.of("start_recording", "stop_recording", "start_transcription", "stop_transcription")) {
            server.verify(1, postRequestedFor(urlPathEqualTo(CALL + "/" + action))
                    .withQueryParam("api_key", equalTo(KEY))
                    .withHeader("Stream-Auth-Type", equalTo("jwt")));
        }
        server.verify(postRequestedFor(urlPathEqualTo(CALL + "/start_recording"))
                .withRequestBody(equalToJson("{\"recording_external_storage\":null}")));
    }

    @Test
    void aMemberIsAddedThroughTheCallsMembers() {
        stub(post(urlPathEqualTo(CALL + "/members")).willReturn(okJson("{\"members\":[],\"duration\":\"1ms\"}")));

        calls.addMember("meeting_1", "user_guest");

        server.verify(postRequestedFor(urlPathEqualTo(CALL + "/members"))
                .withRequestBody(matchingJsonPath("$.update_members[0].user_id", equalTo("user_guest")))
                .withRequestBody(matchingJsonPath("$.update_members.length()", equalTo("1"))));
        assertAuthenticated(onlyRequest());
    }

    /** The removal's first two requests succeed. */
    private static void membersAndBlockAnswer() {
        stub(post(urlPathEqualTo(CALL + "/members")).willReturn(okJson("{\"members\":[],\"duration\":\"1ms\"}")));
        stub(post(urlPathEqualTo(CALL + "/block")).willReturn(okJson("{\"duration\":\"1ms\"}")));
    }

    @Test
    void aRemovedMemberIsTakenOutOfTheMembersThenBlockedAndKicked() {
        membersAndBlockAnswer();
        stub(post(urlPathEqualTo(CALL + "/kick")).willReturn(okJson("{\"duration\":\"1ms\"}")));

        calls.removeAndBlockMember("meeting_1", "user_guest");

        List<LoggedRequest> requests = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())); // in the order received
        assertThat(requests).extracting(LoggedRequest::getUrl).map(url -> url.substring(0, url.indexOf('?')))
                .containsExactly(CALL + "/members", CALL + "/block", CALL + "/kick");
        server.verify(postRequestedFor(urlPathEqualTo(CALL + "/members"))
                .withRequestBody(matchingJsonPath("$.remove_members[0]", equalTo("user_guest"))));
        server.verify(postRequestedFor(urlPathEqualTo(CALL + "/block"))
                .withRequestBody(matchingJsonPath("$.user_id", equalTo("user_guest"))));
        server.verify(postRequestedFor(urlPathEqualTo(CALL + "/kick"))
                .withRequestBody(matchingJsonPath("$.user_id", equalTo("user_guest"))));
        requests.forEach(StreamSdkCallsTest::assertAuthenticated);
    }

    /** Not in the call, nothing to end: the removal has done its work with the block. */
    @Test
    void aKickGetStreamRefusesStillRemovesAndBlocks() {
        membersAndBlockAnswer();
        stub(post(urlPathEqualTo(CALL + "/kick")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":4,\"message\":\"user is not in the call\",\"StatusCode\":400}")));

        calls.removeAndBlockMember("meeting_1", "user_guest");

        server.verify(1, postRequestedFor(urlPathEqualTo(CALL + "/block")));
    }

    @Test
    void aKickThatMayHealFailsTheRemovalAsRetryable() {
        membersAndBlockAnswer();
        stub(post(urlPathEqualTo(CALL + "/kick")).willReturn(
                aResponse().withStatus(503).withBody("{\"code\":-1,\"message\":\"busy\"}")));

        GetStreamException failure = catchThrowableOfType(GetStreamException.class,
                () -> calls.removeAndBlockMember("meeting_1", "user_guest"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.operation()).isEqualTo("kick call member");
    }

    @Test
    void anUnblockLiftsTheBlock() {
        stub(post(urlPathEqualTo(CALL + "/unblock")).willReturn(okJson("{\"duration\":\"1ms\"}")));

        calls.unblockMember("meeting_1", "user_guest");

        server.verify(postRequestedFor(urlPathEqualTo(CALL + "/unblock"))
                .withRequestBody(matchingJsonPath("$.user_id", equalTo("user_guest"))));
        assertAuthenticated(onlyRequest());
    }

    /** Blocking is the step that matters: a removal whose block failed is retried as a whole. */
    @Test
    void aBlockThatFailsFailsTheRemovalAsRetryable() {
        stub(post(urlPathEqualTo(CALL + "/members")).willReturn(okJson("{\"members\":[],\"duration\":\"1ms\"}")));
        stub(post(urlPathEqualTo(CALL + "/block")).willReturn(
                aResponse().withStatus(503).withBody("{\"code\":-1,\"message\":\"busy\"}")));

        GetStreamException failure = catchThrowableOfType(GetStreamException.class,
                () -> calls.removeAndBlockMember("meeting_1", "user_guest"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.operation()).isEqualTo("block call member");
    }

    @Test
    void serverErrorsAndRateLimitsAreRetryable() {
        for (int status : new int[] {500, 502, 503, 429}) {
            server.resetAll();
            stub(post(urlPathEqualTo(CALL + "/start_recording")).willReturn(
                    aResponse().withStatus(status).withBody("{\"code\":-1,\"message\":\"busy\"}")));

            GetStreamException failure = catchThrowableOfType(GetStreamException.class, () -> calls.startRecording("meeting_1"));

            assertThat(failure.retryable()).as("HTTP %d", status).isTrue();
            assertThat(failure.status()).isEqualTo(status);
        }
    }

    /**
     * A start the provider already carried out (the process died before the saga recorded it, and the retried start
     * finds the call recording) has succeeded: it must not fail the recording that is running.
     */
    @Test
    void startingARecordingThatIsAlreadyRunningSucceeds() {
        stub(post(urlPathEqualTo(CALL + "/start_recording")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":4,\"message\":\"StartRecording failed with error: \\\"call default:meeting_1 is "
                        + "already being recorded\\\"\",\"StatusCode\":400}")));

        calls.startRecording("meeting_1");

        server.verify(1, postRequestedFor(urlPathEqualTo(CALL + "/start_recording")));
    }

    /** The same for transcription: a paid start repeated after a crash finds the call already transcribed. */
    @Test
    void startingATranscriptionThatIsAlreadyRunningSucceeds() {
        stub(post(urlPathEqualTo(CALL + "/start_transcription")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":4,\"message\":\"StartTranscription failed with error: \\\"call default:meeting_1 "
                        + "is already being transcribed\\\"\",\"StatusCode\":400}")));

        calls.startTranscription("meeting_1");

        server.verify(1, postRequestedFor(urlPathEqualTo(CALL + "/start_transcription")));
    }

    @Test
    void clientErrorsArePermanentWithOrWithoutStatusCodeInTheBody() {
        stub(post(urlPathEqualTo(CALL + "/start_recording")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":4,\"message\":\"StartRecording failed: bad input\",\"StatusCode\":400}")));
        stub(post(urlPathEqualTo(CALL + "/stop_recording")).willReturn(aResponse().withStatus(403)
                .withBody("{\"code\":17,\"message\":\"not allowed\"}")));

        GetStreamException badRequest = catchThrowableOfType(GetStreamException.class, () -> calls.startRecording("meeting_1"));
        GetStreamException forbidden = catchThrowableOfType(GetStreamException.class, () -> calls.stopRecording("meeting_1"));

        assertThat(badRequest.retryable()).isFalse();
        assertThat(badRequest.status()).isEqualTo(400);
        assertThat(badRequest.getMessage()).contains("bad input");
        assertThat(forbidden.retryable()).isFalse();
        assertThat(forbidden.status()).isEqualTo(403);
    }

    @Test
    void timeoutIsRetryable() {
        stub(post(urlPathEqualTo(CALL + "/start_recording")).willReturn(okJson("{}").withFixedDelay(2_000)));
        StreamSdkCalls impatient = sdkCalls(URI.create(server.baseUrl()), LENIENT, Duration.ofMillis(300));

        GetStreamException failure = catchThrowableOfType(GetStreamException.class, () -> impatient.startRecording("meeting_1"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.status()).isNull();
        assertThat(failure.getMessage()).contains("timed out");
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StreamSdkCalls unreachable = sdkCalls(URI.create("http://127.0.0.1:" + closedPort), LENIENT);

        GetStreamException failure = catchThrowableOfType(GetStreamException.class, () -> unreachable.startRecording("meeting_1"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("unreachable");
    }

    @Test
    void openCircuitFailsFastAsRetryable() {
        GetStreamProperties.CircuitBreaker strict = new GetStreamProperties.CircuitBreaker(50, 2, 2, Duration.ofMinutes(1), 1);
        GetStreamProperties properties = new GetStreamProperties(KEY, SECRET, URI.create(server.baseUrl()),
                ANSWER_TIMEOUT, null, strict, null);
        CircuitBreaker breaker = GetStreamConfiguration.circuitBreaker(strict);
        StreamSdkCalls guarded = new StreamSdkCalls(properties, breaker);
        stub(post(urlPathEqualTo(CALL + "/start_recording")).willReturn(aResponse().withStatus(503).withBody("down")));

        catchThrowableOfType(GetStreamException.class, () -> guarded.startRecording("meeting_1"));
        catchThrowableOfType(GetStreamException.class, () -> guarded.startRecording("meeting_1"));
        GetStreamException fast = catchThrowableOfType(GetStreamException.class, () -> guarded.startRecording("meeting_1"));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fast.retryable()).isTrue();
        assertThat(fast.getMessage()).contains("circuit breaker is open");
        server.verify(2, postRequestedFor(urlPathEqualTo(CALL + "/start_recording")));
    }

    @Test
    void clientErrorsDoNotOpenTheCircuit() {
        GetStreamProperties.CircuitBreaker strict = new GetStreamProperties.CircuitBreaker(50, 2, 2, Duration.ofMinutes(1), 1);
        CircuitBreaker breaker = GetStreamConfiguration.circuitBreaker(strict);
        StreamSdkCalls guarded = new StreamSdkCalls(new GetStreamProperties(KEY, SECRET, URI.create(server.baseUrl()),
                ANSWER_TIMEOUT, null, strict, null), breaker);
        stub(post(urlPathEqualTo(CALL + "/start_recording")).willReturn(aResponse().withStatus(404).withBody("{}")));

        for (int i = 0; i < 3; i++) {
            catchThrowableOfType(GetStreamException.class, () -> guarded.startRecording("meeting_1"));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        server.verify(3, postRequestedFor(urlPathEqualTo(CALL + "/start_recording")));
    }
}
