package io.connvo.meetings.distributedtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingEnded;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.ParticipantJoined;
import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import io.connvo.meetings.saga.SagaModule;
import io.connvo.meetings.saga.getstream.GetStreamWebhooks;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Administration, the audit and GetStream's webhooks when the gateway, the projections and the media saga run in
 * three applications, as in the distributed deployment: a query-side application (command and query modules, the
 * projections' processors), a saga application (the saga module, the media saga's processor) and a gateway
 * application (gateway module only, no processor at all) on one PostgreSQL, joined by nothing but the query-side
 * application's command and query buses, which stand in for Axon Server's routing. Every admin, audit and webhook
 * route reaches the application that runs what it needs through messages; the gateway has nothing to look up. (Outside
 * the standalone packages, so that no application scan picks these test applications up.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminAcrossApplicationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PlatformModule.class, CommandModule.class, QueryModule.class})
    static class QuerySide {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PlatformModule.class, SagaModule.class})
    static class SagaSide {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PlatformModule.class, GatewayModule.class})
    static class GatewaySide {
    }

    private static final String WEBHOOK_SECRET = "across-applications-webhook-secret";
    private static final String PAID = "meetings-paid";

    private EmbeddedPostgres postgres;
    private JdbcClient db;
    private ConfigurableApplicationContext querySide;
    private ConfigurableApplicationContext sagaSide;
    private ConfigurableApplicationContext gatewaySide;
    private String baseUrl;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        Path dataDir = Files.createTempDirectory("connvo-admin-across");
        querySide = new SpringApplicationBuilder(QuerySide.class)
                .properties(common(url, dataDir))
                .properties("spring.main.web-application-type=none", "connvo.dead-letters.max-attempts=1")
                .run();
        sagaSide = new SpringApplicationBuilder(SagaSide.class)
                .properties(common(url, dataDir))
                .properties("spring.main.web-application-type=none", "connvo.dead-letters.max-attempts=1",
                        "axon.eventhandling.processors.media-saga.mode=pooled",
                        // a key, so that the SDK adapter exists; no call leaves this machine (free meetings only)
                        "connvo.getstream.api-key=across", "connvo.getstream.api-secret=" + WEBHOOK_SECRET,
                        "connvo.getstream.base-url=http://127.0.0.1:9")
                .initializers(this::joinQuerySideBuses)
                .run();
        gatewaySide = new SpringApplicationBuilder(GatewaySide.class)
                .properties(common(url, dataDir))
                .properties("server.port=0", "server.address=127.0.0.1",
                        "connvo.dev-tokens.enabled=true",
                        "connvo.getstream.api-secret=" + WEBHOOK_SECRET,
                        "connvo.security.issuers=http://localhost/connvo-dev",
                        "connvo.security.audience=connvo-standalone",
                        "connvo.security.paid-entitlement=" + PAID,
                        "connvo.security.jwks-uri=http://127.0.0.1:9/unused-jwks.json")
                .initializers(this::joinQuerySideBuses)
                .run();
        baseUrl = "http://127.0.0.1:" + gatewaySide.getEnvironment().getProperty("local.server.port");
        db = JdbcClient.create(querySide.getBean(DataSource.class));
    }

    private void joinQuerySideBuses(ConfigurableApplicationContext context) {
        context.getBeanFactory().registerSingleton("commandBus", querySide.getBean(CommandBus.class));
        context.getBeanFactory().registerSingleton("queryBus", querySide.getBean(QueryBus.class));
    }

    private static String[] common(String url, Path dataDir) {
        return new String[] {
                "spring.config.name=none", // not the standalone application's application.yml on this classpath
                "spring.main.banner-mode=off",
                "spring.datasource.url=" + url,
                "spring.datasource.username=postgres",
                "spring.datasource.password=postgres",
                "connvo.data-dir=" + dataDir,
                "axon.axonserver.enabled=false",
                "connvo.sandbox.enabled=false", // the standalone's GetStream sandbox, on this classpath, stays out
                // Axon's serializers and the rest every deployment shares come from the platform's defaults
                "axon.eventhandling.processors.meeting-view.mode=pooled",
                "axon.eventhandling.processors.recording-view.mode=pooled"};
    }

    @AfterAll
    void stop() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {gatewaySide, sagaSide,
                querySide}) {
            if (context != null) {
                context.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void statusReplayAndDeadLettersReachTheProcessorOfAnotherApplication() throws Exception {
        assertThat(gatewaySide.getBean(EventProcessingConfiguration.class).eventProcessors()).isEmpty();
        assertThat(querySide.getBean(EventProcessingConfiguration.class).eventProcessorByProcessingGroup("media-saga"))
                .isEmpty();
        String admin = token("user_admin_across", "admin");
        String poisoned = "meeting_nul_" + UUID.randomUUID();
        querySide.getBean(EventStore.class).publish(new GenericDomainEventMessage<>("Meeting", poisoned, 0,
                new MeetingCreated(new MeetingId(poisoned), new UserId("user_host"), "nul\u0000title", null, null,
                        Tier.FREE, VideoProvider.WEBRTC, 4, false, Instant.now(), null)));

        JsonNode status = value(get("/api/admin/projections/meeting-view", admin));
        assertThat(status.get("running").asBoolean()).isTrue();
        assertThat(status.get("claimedSegments").asInt()).isPositive();
        String letters = "/api/admin/projections/meeting-view/dead-letters";
        JsonNode listed = await().atMost(Duration.ofSeconds(10))
                .until(() -> value(get(letters, admin)), list -> list.get("letters").asLong() == 1);
        assertThat(listed.get("shown").get(0).get("meetingId").asString()).isEqualTo(poisoned);
        assertThat(get(letters, token("user_not_admin", null)).json().path("errorData").path("code").asString())
                .isEqualTo("INSUFFICIENT_PERMISSIONS");

        JsonNode evicted = value(post(letters + "/" + poisoned + "/evict", admin));
        assertThat(evicted.get("handled").asInt()).isEqualTo(1);
        assertThat(evicted.get("remaining").asLong()).isZero();

        JsonNode replay = value(post("/api/admin/projections/recording-view/replay", admin));
        assertThat(replay.get("replayStartedAt").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> value(get("/api/admin/projections/recording-view", admin)),
                done -> !done.get("replayCompletedAt").isNull() && !done.get("replaying").asBoolean());

        // The ordinary routes work across the two applications too: the meeting is projected on the query side.
        String host = token("user_host_across", null);
        Reply created = post("/api/run/meetings/lifecycle/createMeeting", host,
                Map.of("args", Map.of("title", "Across", "maxParticipants", 4)));
        String meetingId = value(created).get("meetingId").asString();
        assertThat(value(post("/api/run/meetings/queries/getMeeting", host,
                Map.of("args", Map.of("meetingId", meetingId)))).get("title").asString()).isEqualTo("Across");

        // The audit is answered by the command side, which owns the events and the rules that replay them.
        String audit = "/api/audit/meetings/" + meetingId;
        assertThat(value(get(audit + "/events", host)).get("events").get(0).get("type").asString())
                .isEqualTo("MeetingCreated");
        JsonNode state = value(get(audit + "/state?at=" + Instant.now().plusSeconds(1), host));
        assertThat(state.get("title").asString()).isEqualTo("Across");
        assertThat(state.get("state").asString()).isEqualTo("scheduled");
        assertThat(get(audit + "/events", token("user_stranger_across", null)).json().path("errorData").path("code")
                .asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    @Order(2)
    void theMediaSagasDeadLettersAreListedRetriedAndEvictedInTheSagaApplication() throws Exception {
        String admin = token("user_admin_saga_across", "admin");
        // a GetStream meeting (paid, more than WebRTC's participants): only such a meeting has a saga, and its calls
        // never run here (the saga's commit fails first)
        String host = token("user_host_saga_across", null, PAID);
        String poisoned = value(post("/api/run/meetings/lifecycle/createMeeting", host,
                Map.of("args", Map.of("title", "Saga poison", "maxParticipants", 10)))).get("meetingId").asString();
        // The saga store refuses this meeting's saga: its start fails at the saga's commit, in the saga application.
        db.sql("ALTER TABLE association_value_entry ADD CONSTRAINT no_poison_across CHECK (association_value <> '"
                + poisoned + "')").update();
        value(post("/api/run/meetings/lifecycle/startMeeting", host, Map.of("args", Map.of("meetingId", poisoned))));

        String letters = "/api/admin/projections/media-saga/dead-letters";
        await().atMost(Duration.ofSeconds(20)).until(() -> value(get(letters, admin)), list -> list.get("letters").asLong() == 1);
        // the meeting's end (once the start is parked: in one batch with it, the end would leave no saga to store)
        // waits behind its parked MeetingStarted
        value(post("/api/run/meetings/lifecycle/endMeeting", host, Map.of("args", Map.of("meetingId", poisoned))));
        // the count and the list are read one after the other: wait until one answer has both letters in each
        JsonNode listed = await().atMost(Duration.ofSeconds(20)).until(() -> value(get(letters, admin)),
                list -> list.get("letters").asLong() == 2 && list.get("shown").size() == 2);
        assertThat(listed.get("meetings").asLong()).isEqualTo(1);
        JsonNode letter = listed.get("shown").get(0);
        assertThat(letter.get("meetingId").asString()).isEqualTo(poisoned);
        assertThat(letter.get("eventType").asString()).isEqualTo(MeetingStarted.class.getName());
        assertThat(letter.get("parked").asBoolean()).isTrue();
        JsonNode waiting = listed.get("shown").get(1);
        assertThat(waiting.get("eventType").asString()).isEqualTo(MeetingEnded.class.getName());
        assertThat(waiting.get("parked").asBoolean()).isFalse();
        assertThat(get(letters, host).json().path("errorData").path("code").asString())
                .isEqualTo("INSUFFICIENT_PERMISSIONS");

        JsonNode retried = value(post(letters + "/" + poisoned + "/retry", admin));
        assertThat(retried.get("handled").asInt()).isZero();
        assertThat(retried.get("remaining").asLong()).isEqualTo(2);
        assertThat(retried.get("cause").asString()).contains("Saga");

        JsonNode evicted = value(post(letters + "/" + poisoned + "/evict", admin));
        assertThat(evicted.get("handled").asInt()).isEqualTo(2);
        assertThat(evicted.get("remaining").asLong()).isZero();
        assertThat(value(get(letters, admin)).get("letters").asLong()).isZero();
        assertThat(post(letters + "/" + poisoned + "/evict", admin).json().path("errorData").path("code").asString())
                .isEqualTo("NOT_FOUND");
        db.sql("ALTER TABLE association_value_entry DROP CONSTRAINT no_poison_across").update();
    }

    @Test
    @Order(3)
    void aSignedWebhookPostedToTheGatewayIsAppliedOnceByTheSagaApplication() throws Exception {
        assertThat(gatewaySide.getBeanNamesForType(GetStreamWebhooks.class)).isEmpty();
        String host = token("user_host_webhook_across", null);
        String guest = "user_guest_webhook_across";
        String meetingId = createMeeting(host, "Webhook across");
        value(post("/api/run/meetings/lifecycle/addParticipant", host,
                Map.of("args", Map.of("meetingId", meetingId, "userId", guest))));
        value(post("/api/run/meetings/lifecycle/startMeeting", host, Map.of("args", Map.of("meetingId", meetingId))));
        String joined = "{\"type\":\"call.session_participant_joined\",\"call_cid\":\"default:" + meetingId
                + "\",\"created_at\":\"" + Instant.now() + "\",\"participant\":{\"user\":{\"id\":\"" + guest + "\"}}}";
        String webhookId = UUID.randomUUID().toString();

        assertThat(value(webhook(joined, webhookId)).get("outcome").asString()).isEqualTo("applied");
        assertThat(value(webhook(joined, webhookId)).get("outcome").asString()).isEqualTo("duplicate");

        assertThat(db.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?")
                .params(meetingId, ParticipantJoined.class.getName()).query(Long.class).single()).isEqualTo(1);
        assertThat(webhook(joined, UUID.randomUUID().toString(), "00".repeat(32)).status()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void aGroupThatRunsNowhereIsNotFound() throws Exception {
        String admin = token("user_admin_nowhere", "admin");
        sagaSide.close();
        JsonNode error = get("/api/admin/projections/media-saga/dead-letters", admin).json().path("errorData");
        assertThat(error.path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(error.path("message").asString()).contains("media-saga");
        assertThat(post("/api/admin/projections/media-saga/dead-letters/meeting_x/retry", admin).json()
                .path("errorData").path("code").asString()).isEqualTo("NOT_FOUND");
        // The projections still answer from the query application.
        assertThat(value(get("/api/admin/projections/recording-view", admin)).get("running").asBoolean()).isTrue();
    }

    private String createMeeting(String host, String title) throws Exception {
        return value(post("/api/run/meetings/lifecycle/createMeeting", host,
                Map.of("args", Map.of("title", title, "maxParticipants", 4)))).get("meetingId").asString();
    }

    private Reply webhook(String body, String webhookId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return webhook(body, webhookId, HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    }

    private Reply webhook(String body, String webhookId, String signature) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/getstream"))
                .header("Content-Type", "application/json")
                .header("X-Webhook-Id", webhookId)
                .header("X-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode value(Reply response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.value();
    }

    private String token(String user, String role, String... entitlements) throws Exception {
        Map<String, Object> request = new HashMap<>(Map.of("sub", user, "entitlements", List.of(entitlements)));
        if (role != null) {
            request.put("role", role);
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))).json().get("token").asString();
    }

    private Reply get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token).GET());
    }

    private Reply post(String path, String token) throws Exception {
        return post(path, token, Map.of());
    }

    private Reply post(String path, String token, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private static Reply send(HttpRequest.Builder request) throws Exception {
        return TestHttp.exchange(request.build());
    }
}
