package io.connvo.meetings.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestJwts;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With a separate management port, {@code /actuator/prometheus} there needs no token (the gateway's security
 * filter chain also guards the management server). On the main port it is for admins only: see the standalone
 * {@code PrometheusMetricsTest}.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"axon.axonserver.enabled=false", "server.address=127.0.0.1", "management.server.port=0",
                "management.server.address=127.0.0.1", "management.endpoints.web.exposure.include=health,prometheus"})
class ManagementPortPrometheusHttpTest {

    private static final String PROMETHEUS = "/actuator/prometheus";

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void managementPortServesMetricsWithoutAToken() {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> scrape = new TestHttp(managementPort).get(PROMETHEUS, null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }
}
