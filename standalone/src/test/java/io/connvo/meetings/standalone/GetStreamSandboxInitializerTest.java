package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.sandbox.getstream.Endpoint;
import io.connvo.sandbox.getstream.GetStreamSandbox;
import io.connvo.sandbox.getstream.StatusFault;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The sandbox default of the standalone application, without the rest of the application. */
class GetStreamSandboxInitializerTest {

    private final GenericApplicationContext context = new GenericApplicationContext();

    @AfterEach
    void close() {
        context.close();
    }

    private GetStreamSandbox initialize(Map<String, Object> properties) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        new GetStreamSandboxInitializer().initialize(context);
        context.refresh();
        return context.getBeanProvider(GetStreamSandbox.class).getIfAvailable();
    }

    @Test
    void withoutAKeyTheSandboxRunsAndTheAdapterPropertiesPointAtItUntilTheContextCloses() throws Exception {
        GetStreamSandbox sandbox = initialize(Map.of());

        assertThat(sandbox).isNotNull();
        assertThat(context.getEnvironment().getProperty("connvo.getstream.base-url")).isEqualTo(sandbox.baseUrl())
                .startsWith("http://127.0.0.1:");
        assertThat(context.getEnvironment().getProperty("connvo.getstream.api-key")).isEqualTo("connvo-sandbox");
        assertThat(context.getEnvironment().getProperty("connvo.getstream.api-secret"))
                .isEqualTo(sandbox.config().apiSecret()).hasSizeGreaterThanOrEqualTo(32);
        int port = sandbox.port();
        assertThat(accepts(port)).isTrue();

        context.close();
        assertThat(accepts(port)).isFalse();
    }

    @Test
    void aConfiguredKeyMeansGetStreamItselfAndNoSandbox() {
        GetStreamSandbox sandbox = initialize(Map.of("connvo.getstream.api-key", "real-key",
                "connvo.getstream.api-secret", "a-real-secret-of-at-least-32-characters"));

        assertThat(sandbox).isNull();
        assertThat(context.getEnvironment().getPropertySources().contains(GetStreamSandboxInitializer.PROPERTY_SOURCE_NAME)).isFalse();
        assertThat(context.getEnvironment().getProperty("connvo.getstream.base-url")).isNull();
    }

    @Test
    void disabledMeansNoSandbox() {
        assertThat(initialize(Map.of("connvo.sandbox.enabled", "false"))).isNull();
    }

    @Test
    void credentialsAndFaultsComeFromTheSandboxProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("connvo.sandbox.api-key", "bench-key");
        properties.put("connvo.sandbox.api-secret", "bench-secret-0123456789abcdef0123456789");
        properties.put("connvo.sandbox.failure-rate", "0.25");
        properties.put("connvo.sandbox.latency", "15ms");
        properties.put("connvo.sandbox.outage", "1m");
        properties.put("connvo.sandbox.faults.start-recording", "503x2");
        properties.put("connvo.sandbox.faults.update-call", "429");
        properties.put("connvo.sandbox.webhook-max-attempts", "2");
        GetStreamSandbox sandbox = initialize(properties);

        assertThat(sandbox.config().apiKey()).isEqualTo("bench-key");
        assertThat(context.getEnvironment().getProperty("connvo.getstream.api-secret"))
                .isEqualTo("bench-secret-0123456789abcdef0123456789");
        assertThat(sandbox.config().failureRate()).isEqualTo(0.25);
        assertThat(sandbox.config().latency()).isEqualTo(Duration.ofMillis(15));
        assertThat(Duration.between(sandbox.config().outageStart(), sandbox.config().outageEnd())).isEqualTo(Duration.ofMinutes(1));
        assertThat(sandbox.config().statusFaults()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Endpoint.START_RECORDING, StatusFault.next(503, 2), Endpoint.UPDATE_CALL, StatusFault.always(429)));
        assertThat(sandbox.config().webhookMaxAttempts()).isEqualTo(2);
    }

    @Test
    void faultsFromEnvironmentVariables() {
        context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("CONNVO_SANDBOX_FAULTS_GET_OR_CREATE_CALL", "503x3")));
        GetStreamSandbox sandbox = initialize(Map.of());

        assertThat(sandbox.config().statusFaults()).containsExactly(Map.entry(Endpoint.GET_OR_CREATE_CALL, StatusFault.next(503, 3)));
    }

    @Test
    void anUnknownEndpointStopsTheStartWithThePropertyName() {
        assertThatThrownBy(() -> initialize(Map.of("connvo.sandbox.faults.start-meeting", "503")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connvo.sandbox.faults.start-meeting")
                .hasMessageContaining("start-recording");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
