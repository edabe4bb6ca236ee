package io.connvo.sandbox.getstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.getstream.exceptions.StreamException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.getstream.models.BlockUserRequest;
import io.getstream.models.CallRequest;
import io.getstream.models.CallSettingsRequest;
import io.getstream.models.GetOrCreateCallRequest;
import io.getstream.models.GetOrCreateCallResponse;
import io.getstream.models.KickUserRequest;
import io.getstream.models.LimitsSettingsRequest;
import io.getstream.models.MemberRequest;
import io.getstream.models.RecordSettingsRequest;
import io.getstream.models.StartTranscriptionRequest;
import io.getstream.models.UnblockUserRequest;
import io.getstream.models.UpdateCallMembersRequest;
import io.getstream.models.UpdateCallRequest;
import io.getstream.models.framework.CallTokenClaims;
import io.getstream.services.framework.StreamHTTPClient;
import io.getstream.services.framework.StreamSDKClient;
import io.getstream.services.framework.TokenBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real SDK against the sandbox on a local port, and a local receiver for its webhooks. */
class GetStreamSandboxTest {

    private static final String KEY = "sandbox-test-key";
    private static final String SECRET = "sandbox-test-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GetStreamSandbox sandbox;
    private static StreamSDKClient client;
    private static HttpServer receiver;
    private static final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    /** How many coming webhook deliveries the receiver refuses with a 500. */
    private static final AtomicInteger refuseNext = new AtomicInteger();

    record Delivery(String signature, String webhookId, String apiKey, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhooks/getstream", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Signature"),
                        exchange.getRequestHeaders().getFirst("X-Webhook-Id"),
                        exchange.getRequestHeaders().getFirst("X-Api-Key"), body));
                boolean refuse = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                exchange.sendResponseHeaders(refuse ? 500 : 200, -1);
            }
        });
        receiver.start();
        URI webhookUrl = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/getstream");
        sandbox = new GetStreamSandbox(SandboxConfig.of(KEY, SECRET)
                .withWebhookUrl(webhookUrl)
                .withWebhookRetries(3, Duration.ofMillis(10))).start();
        client = sdk(KEY, SECRET);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    @AfterEach
    void healthyAgain() throws Exception {
        sandbox.recover();
        sandbox.webhooksIdle().get(10, TimeUnit.SECONDS);
        deliveries.clear();
        refuseNext.set(0);
    }

    private static StreamSDKClient sdk(String key, String secret) {
        return new StreamSDKClient(new StreamHTTPClient(key, secret) {
            @Override
            public String getBaseUrl() {
                return sandbox.baseUrl();
            }
        });
    }

    private static String newCallId() {
        return "meeting_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static GetOrCreateCallResponse getOrCreate(String id, int maxParticipants) throws StreamException {
        return client.video().getOrCreateCall("default", id, GetOrCreateCallRequest.builder()
                .data(CallRequest.builder()
                        .createdByID("user-host")
                        .members(List.of(MemberRequest.builder().userID("user-host").role("host").build(),
                                MemberRequest.builder().userID("user-guest").build()))
                        .settingsOverride(CallSettingsRequest.builder()
                                .limits(LimitsSettingsRequest.builder().maxParticipants(maxParticipants).maxDurationSeconds(7200).build())
                                .build())
                        .build())
                .build()).execute().getData();
    }

    private static Delivery nextDelivery() throws InterruptedException {
        Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).as("a webhook delivery").isNotNull();
        return delivery;
    }

    private static String hmacHex(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static Integer statusOf(StreamException e) {
        return e.getResponseData() == null ? null : e.getResponseData().getStatusCode();
    }

    @Test
    void getOrCreateTwiceReturnsTheSameCall() throws Exception {
        String id = newCallId();

        GetOrCreateCallResponse first = getOrCreate(id, 25);
        GetOrCreateCallResponse second = getOrCreate(id, 99);

        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isFalse();
        assertThat(second.getCall().getCid()).isEqualTo(first.getCall().getCid()).isEqualTo("default:" + id);
        assertThat(second.getCall().getId()).isEqualTo(id);
        assertThat(second.getCall().getType()).isEqualTo("default");
        assertThat(second.getCall().getCreatedBy().getId()).isEqualTo("user-host");
        assertThat(second.getCall().getCreatedAt()).isEqualTo(first.getCall().getCreatedAt());
        assertThat(second.getCall().getSettings().getLimits().getMaxParticipants()).as("settings of the creation").isEqualTo(25);
        assertThat(second.getCall().getSettings().getRecording().getMode()).isEqualTo("available");
        assertThat(second.getMembers()).extracting(m -> m.getUserID()).containsExactly("user-host", "user-guest");
        assertThat(second.getDuration()).isNotBlank();
        assertThat(client.video().getCall("default", id).execute().getData().getCall().getCid()).isEqualTo("default:" + id);
    }

    @Test
    void getOrCreateWithoutCreatorIsRefusedAsGetStreamDoes() {
        assertThatThrownBy(() -> client.video().getOrCreateCall("default", newCallId(),
                GetOrCreateCallRequest.builder().data(CallRequest.builder().build()).build()).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(400));
    }

    @Test
    void updateCallChangesRecordingSettings() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);

        var updated = client.video().updateCall("default", id, UpdateCallRequest.builder()
                .settingsOverride(CallSettingsRequest.builder()
                        .recording(RecordSettingsRequest.builder().mode("available").quality("1080p").audioOnly(true).build())
                        .build())
                .build()).execute().getData();

        assertThat(updated.getCall().getSettings().getRecording().getQuality()).isEqualTo("1080p");
        assertThat(updated.getCall().getSettings().getRecording().getAudioOnly()).isTrue();
        assertThat(updated.getCall().getSettings().getLimits().getMaxParticipants()).as("untouched settings stay").isEqualTo(10);
    }

    @Test
    void recordingStartStopSendsSignedWebhooksAndListsTheFile() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);

        client.video().startRecording("default", id).execute();
        assertThat(sandbox.call("default", id).orElseThrow().recording()).isTrue();
        assertThat(client.video().getCall("default", id).execute().getData().getCall().getRecording()).isTrue();
        Delivery started = nextDelivery();
        client.video().stopRecording("default", id).execute();
        Delivery stopped = nextDelivery();
        Delivery ready = nextDelivery();

        for (Delivery d : List.of(started, stopped, ready)) {
            assertThat(d.signature()).isEqualTo(hmacHex(d.body()));
            assertThat(d.apiKey()).isEqualTo(KEY);
            assertThat(d.json().path("call_cid").asText()).isEqualTo("default:" + id);
            assertThat(d.json().path("recording_type").asText()).isEqualTo("composite");
        }
        assertThat(List.of(started.webhookId(), stopped.webhookId(), ready.webhookId())).doesNotHaveDuplicates();
        assertThat(started.json().path("type").asText()).isEqualTo("call.recording_started");
        assertThat(stopped.json().path("type").asText()).isEqualTo("call.recording_stopped");
        JsonNode readyJson = ready.json();
        assertThat(readyJson.path("type").asText()).isEqualTo("call.recording_ready");
        assertThat(readyJson.path("egress_id").asText()).isEqualTo(started.json().path("egress_id").asText());
        JsonNode file = readyJson.path("call_recording");
        assertThat(file.path("filename").asText()).endsWith(".mp4");
        assertThat(file.path("url").asText()).startsWith(sandbox.baseUrl() + "recordings/");
        Instant start = Instant.parse(file.path("start_time").asText());
        assertThat(Instant.parse(file.path("end_time").asText())).isAfterOrEqualTo(start);

        var listed = client.video().listRecordings("default", id).execute().getData().getRecordings();
        assertThat(listed).singleElement().satisfies(r -> {
            assertThat(r.getFilename()).isEqualTo(file.path("filename").asText());
            assertThat(r.getUrl()).isEqualTo(file.path("url").asText());
            assertThat(r.getStartTime()).isNotNull();
        });
        HttpResponse<byte[]> media = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(file.path("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(sandbox.call("default", id).orElseThrow().recording()).isFalse();
    }

    @Test
    void recordingRulesAreEnforced() throws Exception {
        String id = newCallId();
        assertThatThrownBy(() -> client.video().startRecording("default", id).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(404));
        getOrCreate(id, 10);
        assertThatThrownBy(() -> client.video().stopRecording("default", id).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(400));
        client.video().startRecording("default", id).execute();
        assertThatThrownBy(() -> client.video().startRecording("default", id).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(400));
    }

    @Test
    void aBrokenRecordingSendsRecordingFailed() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);
        client.video().startRecording("default", id).execute();
        Delivery started = nextDelivery();

        sandbox.failActiveRecording("default", id);

        Delivery failed = nextDelivery();
        assertThat(failed.json().path("type").asText()).isEqualTo("call.recording_failed");
        assertThat(failed.json().path("egress_id").asText()).isEqualTo(started.json().path("egress_id").asText());
        assertThat(failed.signature()).isEqualTo(hmacHex(failed.body()));
        assertThat(sandbox.call("default", id).orElseThrow().recording()).isFalse();
        assertThat(sandbox.call("default", id).orElseThrow().recordings()).isEmpty();
    }

    @Test
    void transcriptionStartStopSendsWebhooks() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);

        client.video().startTranscription("default", id, StartTranscriptionRequest.builder().language("en").build()).execute();
        assertThat(sandbox.call("default", id).orElseThrow().transcribing()).isTrue();
        client.video().stopTranscription("default", id).execute();

        List<String> types = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Delivery d = nextDelivery();
            assertThat(d.signature()).isEqualTo(hmacHex(d.body()));
            types.add(d.json().path("type").asText());
            if (i == 2) {
                assertThat(d.json().path("call_transcription").path("url").asText()).contains("/transcriptions/");
            }
        }
        assertThat(types).containsExactly("call.transcription_started", "call.transcription_stopped", "call.transcription_ready");
        assertThat(client.video().listTranscriptions("default", id).execute().getData().getTranscriptions()).hasSize(1);
    }

    @Test
    void aRefusedWebhookIsRetriedWithTheSameId() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);
        refuseNext.set(1);

        client.video().startRecording("default", id).execute();

        Delivery refused = nextDelivery();
        Delivery retried = nextDelivery();
        assertThat(retried.webhookId()).isEqualTo(refused.webhookId());
        assertThat(retried.body()).isEqualTo(refused.body());
    }

    @Test
    void badCredentialsGet401WithGetStreamsErrorShape() throws Exception {
        assertThatThrownBy(() -> sdk(KEY, "another-secret-0123456789abcdef0123456").video().getOrCreateCall("default", newCallId()).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(401));
        assertThatThrownBy(() -> sdk("wrong-key", SECRET).video().getOrCreateCall("default", newCallId()).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(401));

        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "api/v2/video/call/default/x?api_key=" + KEY))
                .header("Authorization", "not.a.jwt").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(raw.body());
        assertThat(error.path("StatusCode").asInt()).isEqualTo(401);
        assertThat(error.path("code").asInt()).isEqualTo(5);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(sandbox.call("default", "x")).isEmpty();
    }

    @Test
    void joiningNeedsAUserTokenForThatCall() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);
        String callToken = guestCallToken(id);
        String otherCall = TokenBuilder.createCallToken(SECRET,
                new CallTokenClaims("user-guest", "user", List.of("default:" + newCallId()), 3600));

        HttpResponse<String> joined = join(id, callToken);
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(JSON.readTree(joined.body()).path("call").path("cid").asText()).isEqualTo("default:" + id);
        assertThat(join(id, TokenBuilder.createToken(SECRET, "user-guest", 3600)).statusCode()).isEqualTo(200);

        assertThat(join(id, otherCall).statusCode()).isEqualTo(401);
        String serverToken = Jwts.builder().claim("server", true)
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
        assertThat(join(id, serverToken).statusCode()).as("a server token has no user").isEqualTo(401);
        assertThat(join(id, TokenBuilder.createCallToken("another-secret-0123456789abcdef0123456",
                new CallTokenClaims("user-guest", "user", List.of("default:" + id), 3600))).statusCode()).isEqualTo(401);
        assertThat(join(newCallId(), TokenBuilder.createToken(SECRET, "user-guest", 3600)).statusCode()).isEqualTo(404);
    }

    @Test
    void membersAreUpdatedAndABlockedUserIsRefusedWhateverTokenTheyHold() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);
        String guestToken = guestCallToken(id);

        client.video().updateCallMembers("default", id, UpdateCallMembersRequest.builder()
                .updateMembers(List.of(MemberRequest.builder().userID("user-guest").build())).build()).execute();
        assertThat(sandbox.call("default", id).orElseThrow().memberIds()).contains("user-guest");

        client.video().updateCallMembers("default", id,
                UpdateCallMembersRequest.builder().removeMembers(List.of("user-guest")).build()).execute();
        client.video().blockUser("default", id, BlockUserRequest.builder().userID("user-guest").build()).execute();
        int kicks = sandbox.requestCount(Endpoint.KICK_USER);
        client.video().kickUser("default", id, KickUserRequest.builder().userID("user-guest").build()).execute();
        assertThat(sandbox.requestCount(Endpoint.KICK_USER)).isEqualTo(kicks + 1);
        CallState blocked = sandbox.call("default", id).orElseThrow();
        assertThat(blocked.memberIds()).doesNotContain("user-guest");
        assertThat(blocked.blockedUserIds()).containsExactly("user-guest");
        HttpResponse<String> refused = join(id, guestToken);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(client.video().getCall("default", id).execute().getData().getCall().getBlockedUserIds())
                .containsExactly("user-guest");

        client.video().unblockUser("default", id, UnblockUserRequest.builder().userID("user-guest").build()).execute();
        assertThat(sandbox.call("default", id).orElseThrow().blockedUserIds()).isEmpty();
        assertThat(join(id, guestToken).statusCode()).isEqualTo(200);
    }

    /** What the gateway hands a participant: a call token of {@code user-guest} for this call only. */
    private static String guestCallToken(String callId) {
        return TokenBuilder.createCallToken(SECRET,
                new CallTokenClaims("user-guest", "user", List.of("default:" + callId), 3600));
    }

    private static HttpResponse<String> join(String callId, String userToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "api/v2/video/call/default/" + callId + "/join?api_key=" + KEY))
                .header("Authorization", userToken).header("Stream-Auth-Type", "jwt")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusFaultsAnswerTheConfiguredStatusForTheNextCalls() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);
        sandbox.failNext(Endpoint.START_RECORDING, 429, 2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.video().startRecording("default", id).execute())
                    .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(429));
        }
        client.video().startRecording("default", id).execute();
        assertThat(sandbox.call("default", id).orElseThrow().recording()).isTrue();
    }

    @Test
    void aStatusFaultMayCarryAnyErrorMessage() throws Exception {
        String id = newCallId();
        getOrCreate(id, 10);
        String message = "refused \u202E\uFFFF \uD83D\uDE00";
        sandbox.failNext(Endpoint.START_RECORDING, 400, 1, message);

        assertThatThrownBy(() -> client.video().startRecording("default", id).execute())
                .isInstanceOfSatisfying(StreamException.class, e -> {
                    assertThat(statusOf(e)).isEqualTo(400);
                    assertThat(e.getMessage()).contains(message);
                });
        client.video().startRecording("default", id).execute();
    }

    @Test
    void anOutageAnswers503UntilRecovered() throws Exception {
        String id = newCallId();
        sandbox.outageFor(Duration.ofMinutes(5));

        assertThatThrownBy(() -> getOrCreate(id, 10))
                .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(503));
        assertThat(sandbox.call("default", id)).isEmpty();

        sandbox.recover();
        assertThat(getOrCreate(id, 10).getCreated()).isTrue();
    }

    @Test
    void aPastOutageWindowChangesNothing() throws Exception {
        sandbox.outageBetween(Instant.now().minusSeconds(60), Instant.now().minusSeconds(1));
        assertThat(getOrCreate(newCallId(), 10).getCreated()).isTrue();
    }

    @Test
    void failureRateOneFailsEveryRequestWithA5xx() throws Exception {
        sandbox.failureRate(1.0);
        int before = sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> getOrCreate(newCallId(), 10))
                    .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isBetween(500, 599));
        }
        assertThat(sandbox.requestCount(Endpoint.GET_OR_CREATE_CALL)).isEqualTo(before + 3);
    }

    @Test
    void latencyDelaysAnswers() throws Exception {
        sandbox.latency(Duration.ofMillis(150));
        long started = System.nanoTime();
        getOrCreate(newCallId(), 10);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void faultsComeFromTheConfigurationToo() throws Exception {
        SandboxConfig config = SandboxConfig.of(KEY, SECRET).withStatusFault(Endpoint.GET_OR_CREATE_CALL, StatusFault.next(502, 1));
        try (GetStreamSandbox other = new GetStreamSandbox(config).start()) {
            StreamSDKClient otherClient = new StreamSDKClient(new StreamHTTPClient(KEY, SECRET) {
                @Override
                public String getBaseUrl() {
                    return other.baseUrl();
                }
            });
            String id = newCallId();
            GetOrCreateCallRequest request = GetOrCreateCallRequest.builder()
                    .data(CallRequest.builder().createdByID("u1").build()).build();
            assertThatThrownBy(() -> otherClient.video().getOrCreateCall("default", id, request).execute())
                    .isInstanceOfSatisfying(StreamException.class, e -> assertThat(statusOf(e)).isEqualTo(502));
            assertThat(otherClient.video().getOrCreateCall("default", id, request).execute().getData().getCreated()).isTrue();
        }
    }

    @Test
    void statusFaultsParseFromText() {
        assertThat(StatusFault.parse("429x3")).isEqualTo(new StatusFault(429, 3));
        assertThat(StatusFault.parse("503")).isEqualTo(StatusFault.always(503));
    }
}
