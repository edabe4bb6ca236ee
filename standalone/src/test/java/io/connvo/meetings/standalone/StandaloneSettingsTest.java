package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.Configuration;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The standalone application's effective settings: meeting-platform's defaults, shared with the distributed
 * services, under the standalone {@code application.yml}'s own and the test's overrides.
 */
class StandaloneSettingsTest extends StandaloneHttpTest {

    @Autowired
    Environment environment;

    @Autowired
    Configuration axon;

    @Test
    void sharedDefaultsApplyUnderTheApplicationsOwnSettings() {
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
        assertThat(environment.getProperty("axon.timeout.handler.events.timeout-ms")).isEqualTo("-1");
        assertThat(environment.getProperty("server.max-http-request-header-size")).isEqualTo("64KB");
        assertThat(axon.eventSerializer()).isInstanceOf(JacksonSerializer.class);
        assertThat(environment.getProperty("axon.axonserver.enabled")).isEqualTo("false");
        // the test's own property wins over the shared server.port
        assertThat(environment.getProperty("server.port")).isEqualTo("0");
    }
}
