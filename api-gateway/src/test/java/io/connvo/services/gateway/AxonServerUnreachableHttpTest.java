package io.connvo.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.JwksServer;
import io.connvo.meetings.testsupport.ResettingServer;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.meetings.testsupport.TestJwts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The gateway service as deployed (its own configuration files), its Axon Server connector pointed at a port
 * where nothing listens, or at a server that accepts connections and closes them at once: every route that needs
 * the command or query bus answers HTTP 503 SERVICE_UNAVAILABLE with a Retry-After, never a 500; readiness is
 * DOWN with the Axon Server connection shown, liveness stays UP (restarting the gateway would not help).
 */
class AxonServerUnreachableHttpTest {

    @Test
    void nothingListening() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertUnavailable(port);
    }

    @Test
    void aServerThatClosesEveryConnection() throws Exception {
        try (ResettingServer server = ResettingServer.start()) {
            assertUnavailable(server.port());
        }
    }

    private static void assertUnavailable(int axonServerPort) {
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayServiceApplication.class)
                .properties("spring.config.name=connvo-service,gateway-service")
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--axon.axonserver.servers=127.0.0.1:" + axonServerPort,
                        "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS gateway\\;SET SCHEMA gateway",
                        "--spring.datasource.username=sa", "--spring.datasource.password=",
                        "--connvo.security.jwks-uri=" + JwksServer.shared().jwksUri(),
                        "--connvo.security.issuers=" + TestJwts.ISSUER,
                        "--connvo.security.audience=" + TestJwts.AUDIENCE)) {
            TestHttp http = new TestHttp(Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port")));
            String token = TestHttp.bearer(TestJwts.forUser("user_unreachable").sign());

            assertServiceUnavailable(http.post("/api/run/meetings/lifecycle/createMeeting", token,
                    "{\"args\":{\"title\":\"Nobody routes this\"}}"));
            assertServiceUnavailable(http.post("/api/run/meetings/queries/getMeeting", token,
                    "{\"args\":{\"meetingId\":\"" + UUID.randomUUID() + "\"}}"));

            HttpResponse<String> readiness = http.get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
            JsonNode axonServer = TestHttp.json(readiness).path("components").path("axonServer");
            assertThat(axonServer.path("status").asText()).as(readiness.body()).isEqualTo("DOWN");
            assertThat(axonServer.path("details").path("servers").asText()).contains(":" + axonServerPort);
            HttpResponse<String> liveness = http.get("/actuator/health/liveness", null);
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        }
    }

    private static void assertServiceUnavailable(HttpResponse<String> response) {
        Reply reply = TestHttp.failed(Reply.of(response), "SERVICE_UNAVAILABLE");
        assertThat(reply.json().path("errorData").path("statusCode").asInt()).isEqualTo(503);
        assertThat(reply.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    }
}
