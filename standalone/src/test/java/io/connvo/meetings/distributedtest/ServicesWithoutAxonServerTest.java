package io.connvo.meetings.distributedtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.testsupport.ResettingServer;
import io.connvo.services.command.CommandServiceApplication;
import io.connvo.services.query.QueryServiceApplication;
import io.connvo.services.saga.SagaServiceApplication;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command, query and saga services as deployed (their own configuration files), started while Axon Server
 * cannot be reached, through the real Axon Server connector. Each starts all the same: readiness DOWN with the Axon
 * Server connection shown, liveness UP, no event processor started yet (the query and saga services used to
 * fail their start-up: a pooled processor without tokens asks Axon Server for its initial position, and Axon gave
 * up after 3 s). Once something answers Axon Server's protocol on that port, each becomes ready by itself and its
 * processors start and create their 12 segments.
 * <p>
 * What answers is {@link AxonServerStandIn}: the connection handshake and an empty event store. So this proves the
 * start-up, the readiness and the processors' delayed start; it does not prove that commands, queries and events
 * flow after a real Axon Server returns (checked by hand against Axon Server SE, see the README).
 */
class ServicesWithoutAxonServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    enum Service {
        COMMAND(CommandServiceApplication.class, "command"),
        QUERY(QueryServiceApplication.class, "query", "meeting-view", "recording-view"),
        SAGA(SagaServiceApplication.class, "saga", "media-saga");

        final Class<?> application;
        final String name;
        final List<String> processors;

        Service(Class<?> application, String name, String... processors) {
            this.application = application;
            this.name = name;
            this.processors = List.of(processors);
        }
    }

    @ParameterizedTest
    @EnumSource
    void startsWithNothingListeningAndBecomesReadyOnceAxonServerAnswers(Service service) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext app = start(service, port)) {
            assertWaitingForAxonServer(app, service, port);

            try (AxonServerStandIn axonServer = AxonServerStandIn.listen(port)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    HttpResponse<String> readiness = get(app, "/actuator/health/readiness");
                    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
                    assertThat(processors(app, service)).allMatch(EventProcessor::isRunning);
                });
                assertThat(segments(app)).isEqualTo(service.processors.stream()
                        .collect(Collectors.toMap(name -> name, name -> 12)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource
    void startsAgainstAServerThatClosesEveryConnection(Service service) throws Exception {
        try (ResettingServer server = ResettingServer.start();
                ConfigurableApplicationContext app = start(service, server.port())) {
            assertWaitingForAxonServer(app, service, server.port());
            assertSharedDefaultsWithTheServicesOwnSettings(app);
        }
    }

    /** meeting-platform's defaults, shared with the standalone application, under the services' own files. */
    private static void assertSharedDefaultsWithTheServicesOwnSettings(ConfigurableApplicationContext app) {
        Environment environment = app.getEnvironment();
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
        assertThat(environment.getProperty("axon.timeout.handler.commands.timeout-ms")).isEqualTo("-1");
        assertThat(environment.getProperty("server.max-http-request-header-size")).isEqualTo("64KB");
        assertThat(app.getBean(org.axonframework.config.Configuration.class).eventSerializer())
                .isInstanceOf(JacksonSerializer.class);
        assertThat(environment.getProperty("axon.axonserver.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
    }

    private static ConfigurableApplicationContext start(Service service, int axonServerPort) {
        return new SpringApplicationBuilder(service.application)
                .properties("spring.config.name=connvo-service," + service.name + "-service")
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--axon.axonserver.servers=127.0.0.1:" + axonServerPort,
                        "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS "
                                + service.name + "\\;SET SCHEMA " + service.name,
                        "--spring.datasource.username=sa", "--spring.datasource.password=");
    }

    private static void assertWaitingForAxonServer(ConfigurableApplicationContext app, Service service, int port)
            throws Exception {
        HttpResponse<String> readiness = get(app, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        JsonNode axonServer = JSON.readTree(readiness.body()).path("components").path("axonServer");
        assertThat(axonServer.path("status").asString()).as(readiness.body()).isEqualTo("DOWN");
        assertThat(axonServer.path("details").path("servers").asString()).contains(":" + port);
        HttpResponse<String> liveness = get(app, "/actuator/health/liveness");
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        // a processor may be inside a start attempt at this moment, but none has got as far as its tokens
        assertThat(processors(app, service)).hasSize(service.processors.size());
        assertThat(segments(app)).isEmpty();
    }

    /** Segments per processor in token_entry (without the token store's own {@code __config} row). */
    private static Map<String, Integer> segments(ConfigurableApplicationContext app) {
        return JdbcClient.create(app.getBean(DataSource.class))
                .sql("SELECT processor_name, COUNT(*) FROM token_entry WHERE processor_name <> '__config'"
                        + " GROUP BY processor_name")
                .query((row, n) -> Map.entry(row.getString(1), row.getInt(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<EventProcessor> processors(ConfigurableApplicationContext app, Service service) {
        EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
        return service.processors.stream().map(name -> processing.eventProcessor(name).orElseThrow()).toList();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
