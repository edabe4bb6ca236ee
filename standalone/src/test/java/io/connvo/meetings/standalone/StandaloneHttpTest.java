package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.core.ConditionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The standalone application over real HTTP, shared by the end-to-end and reliability tests: one Spring context
 * (same properties, same data directory) for all subclasses. Real RS256 tokens from the development issuer, the
 * real GetStream SDK against the in-process sandbox, its signed webhooks coming back. Small retry delays and a
 * short open-circuit wait keep fault scenarios within seconds. The GetStream and TURN secrets are fixed and
 * known so that tests can look for them where they must not be.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "connvo.deadlines.polling-interval=100ms",
                "connvo.getstream.retry.max-attempts=6",
                "connvo.getstream.retry.initial-delay=100ms",
                "connvo.getstream.retry.max-delay=400ms",
                "connvo.getstream.retry.jitter=0",
                "connvo.getstream.timeout=3s",
                "connvo.getstream.circuit-breaker.wait-duration-in-open-state=500ms",
                "connvo.getstream.circuit-breaker.permitted-calls-in-half-open-state=2",
                "connvo.sandbox.webhook-retry-delay=50ms",
                "connvo.sandbox.api-secret=" + StandaloneHttpTest.GETSTREAM_SECRET,
                "connvo.webrtc.turn.secret=" + StandaloneHttpTest.TURN_SECRET,
                "connvo.webrtc.turn.urls=turn:127.0.0.1:3478",
                "connvo.security.paid-entitlement=" + StandaloneHttpTest.PAID})
@Import(StandaloneHttpTest.Spans.class)
abstract class StandaloneHttpTest {

    /** The spans of watched traces, for the tracing tests (the SDK exports to every span exporter bean). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        TraceRecorder traceRecorder() {
            return new TraceRecorder();
        }
    }

    static final String GETSTREAM_SECRET = "reliability-getstream-secret-5f0c2a9e71d84b36";
    static final String TURN_SECRET = "reliability-turn-secret-c41e7b";
    static final String PAID = "meetings-paid";
    static final Path DATA_DIR = Path.of("target", "standalone-data", UUID.randomUUID().toString()).toAbsolutePath();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("connvo.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    GetStreamSandbox sandbox;

    @Autowired
    CircuitBreaker getStreamCircuitBreaker;

    @Autowired
    JdbcClient jdbc;

    // ---- users

    static String user(String role) {
        return "user_" + role + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A development token for {@code sub} with an optional role and entitlements. */
    String token(String sub, String role, String... entitlements) {
        ObjectNode body = JSON.createObjectNode().put("sub", sub);
        if (role != null) {
            body.put("role", role);
        }
        ArrayNode list = body.putArray("entitlements");
        for (String entitlement : entitlements) {
            list.add(entitlement);
        }
        Reply response = send("POST", "/dev/tokens", "application/json", bytes(body.toString()), null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("token").asString();
    }

    /** A paid user who is no administrator: the paid entitlement, role member. */
    String paidUserToken(String sub) {
        return token(sub, "member", PAID);
    }

    // ---- meetings

    String createMeeting(String token, boolean paid) {
        JsonNode created = ok("lifecycle/createMeeting", paid
                ? Map.of("title", "Reliability", "recordingEnabled", true)
                : Map.of("title", "Reliability", "maxParticipants", 4), token);
        assertThat(created.path("videoProvider").asString()).isEqualTo(paid ? "getstream" : "webrtc");
        return created.path("meetingId").asString();
    }

    String startPaidMeeting(String token) {
        String meetingId = createMeeting(token, true);
        ok("lifecycle/startMeeting", Map.of("meetingId", meetingId), token);
        return meetingId;
    }

    String provisionedPaidMeeting(String token) {
        String meetingId = startPaidMeeting(token);
        awaitMeeting(meetingId, token, m -> m.path("roomStatus").asString().equals("provisioned"));
        return meetingId;
    }

    JsonNode meeting(String meetingId, String token) {
        return ok("queries/getMeeting", Map.of("meetingId", meetingId), token);
    }

    JsonNode awaitMeeting(String meetingId, String token, Predicate<JsonNode> condition) {
        return waiting().until(() -> meeting(meetingId, token), condition::test);
    }

    JsonNode recording(String meetingId, String recordingId, String token) {
        for (JsonNode recording : ok("queries/listRecordings", Map.of("meetingId", meetingId), token).path("recordings")) {
            if (recording.path("recordingId").asString().equals(recordingId)) {
                return recording;
            }
        }
        return JSON.createObjectNode();
    }

    JsonNode awaitRecording(String meetingId, String recordingId, String token, Predicate<JsonNode> condition) {
        return waiting().until(() -> recording(meetingId, recordingId, token), condition::test);
    }

    static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }

    // ---- the event store

    /** The media sagas associated with the meeting: 0 once its saga ended. */
    long sagasOf(String meetingId) {
        return jdbc.sql("SELECT COUNT(*) FROM association_value_entry WHERE association_key = 'meetingId' AND association_value = ?")
                .param(meetingId).query(Long.class).single();
    }

    long eventCount() {
        return jdbc.sql("SELECT COUNT(*) FROM domain_event_entry").query(Long.class).single();
    }

    /** The meeting's stored event types (simple names) in sequence order. */
    List<String> events(String meetingId) {
        return jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(meetingId)
                .query(String.class)
                .list()
                .stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    long events(String meetingId, String type) {
        return events(meetingId).stream().filter(type::equals).count();
    }

    // ---- HTTP

    /** The value of a successful route call. */
    JsonNode ok(String route, Map<String, ?> args, String token) {
        return TestHttp.ok(post(route, args, token)).value();
    }

    Reply post(String route, Map<String, ?> args, String token) {
        return send("POST", "/api/run/meetings/" + route, "application/json",
                JSON.writeValueAsBytes(Map.of("args", args)), token);
    }

    Reply get(String path, String token) {
        return send("GET", path, null, null, token);
    }

    Reply send(String method, String path, String contentType, byte[] body, String token) {
        return send(method, path, contentType, body, token, Map.of());
    }

    Reply send(String method, String path, String contentType, byte[] body, String token, Map<String, String> headers) {
        // never a 5xx from a route (the webhook receiver's 503 asks for a redelivery and is allowed)
        HttpResponse<String> response = new TestHttp(port)
                .send(method, path, contentType, body, token == null ? null : TestHttp.bearer(token), headers);
        assertThat(response.statusCode()).as(method + " " + path + " " + response.body()).isNotEqualTo(500);
        return Reply.of(response);
    }

    /** Delivers a webhook as GetStream would: signed with the API secret. */
    Reply webhook(String body, String webhookId) {
        return webhook(body, webhookId, sign(body));
    }

    Reply webhook(String body, String webhookId, String signature) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (webhookId != null) {
            headers.put("X-Webhook-Id", webhookId);
        }
        if (signature != null) {
            headers.put("X-Signature", signature);
        }
        return send("POST", "/webhooks/getstream", "application/json", bytes(body), null, headers);
    }

    static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(GETSTREAM_SECRET), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(bytes(body)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
