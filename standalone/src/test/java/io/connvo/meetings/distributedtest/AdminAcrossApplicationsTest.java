package io.connvo.meetings.distributedtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Projection administration and the audit when the projections and the aggregate run in another application than
 * the gateway, as in the distributed deployment: a query-side application (command and query modules, its
 * processors) and a gateway application (gateway module only, no processor at all) on one PostgreSQL, joined by
 * nothing but the query-side application's command and query buses, which stand in for Axon Server's routing. Every
 * admin and audit route reaches the other application through messages; the gateway has no processor to look up. (Outside the standalone packages, so that
 * no application scan picks these test applications up.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAcrossApplicationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PlatformModule.class, CommandModule.class, QueryModule.class})
    static class QuerySide {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PlatformModule.class, GatewayModule.class})
    static class GatewaySide {
    }

    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext querySide;
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
        gatewaySide = new SpringApplicationBuilder(GatewaySide.class)
                .properties(common(url, dataDir))
                .properties("server.port=0", "server.address=127.0.0.1",
                        "connvo.dev-tokens.enabled=true",
                        "connvo.security.issuers=http://localhost/connvo-dev",
                        "connvo.security.audience=connvo-standalone",
                        "connvo.security.jwks-uri=http://127.0.0.1:9/unused-jwks.json")
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("commandBus", querySide.getBean(CommandBus.class));
                    context.getBeanFactory().registerSingleton("queryBus", querySide.getBean(QueryBus.class));
                })
                .run();
        baseUrl = "http://127.0.0.1:" + gatewaySide.getEnvironment().getProperty("local.server.port");
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
                "axon.update-check.disabled=true",
                "axon.serializer.general=jackson",
                "axon.serializer.events=jackson",
                "axon.serializer.messages=jackson",
                "axon.eventhandling.processors.meeting-view.mode=pooled",
                "axon.eventhandling.processors.recording-view.mode=pooled"};
    }

    @AfterAll
    void stop() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {gatewaySide, querySide}) {
            if (context != null) {
                context.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void statusReplayAndDeadLettersReachTheProcessorOfAnotherApplication() throws Exception {
        assertThat(gatewaySide.getBean(EventProcessingConfiguration.class).eventProcessors()).isEmpty();
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
        assertThat(listed.get("shown").get(0).get("meetingId").asText()).isEqualTo(poisoned);
        assertThat(get(letters, token("user_not_admin", null)).body().path("errorData").path("code").asText())
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
        Response created = post("/api/run/meetings/lifecycle/createMeeting", host,
                Map.of("args", Map.of("title", "Across", "maxParticipants", 4)));
        String meetingId = value(created).get("meetingId").asText();
        assertThat(value(post("/api/run/meetings/queries/getMeeting", host,
                Map.of("args", Map.of("meetingId", meetingId)))).get("title").asText()).isEqualTo("Across");

        // The audit is answered by the command side, which owns the events and the rules that replay them.
        String audit = "/api/audit/meetings/" + meetingId;
        assertThat(value(get(audit + "/events", host)).get("events").get(0).get("type").asText())
                .isEqualTo("MeetingCreated");
        JsonNode state = value(get(audit + "/state?at=" + Instant.now().plusSeconds(1), host));
        assertThat(state.get("title").asText()).isEqualTo("Across");
        assertThat(state.get("state").asText()).isEqualTo("scheduled");
        assertThat(get(audit + "/events", token("user_stranger_across", null)).body().path("errorData").path("code")
                .asText()).isEqualTo("NOT_FOUND");
    }

    record Response(int status, JsonNode body) {
    }

    private static JsonNode value(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().get("value");
    }

    private String token(String user, String role) throws Exception {
        Map<String, Object> request = role == null ? Map.of("sub", user) : Map.of("sub", user, "role", role);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))).body().get("token").asText();
    }

    private Response get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token).GET());
    }

    private Response post(String path, String token) throws Exception {
        return post(path, token, Map.of());
    }

    private Response post(String path, String token, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private static Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }
}
