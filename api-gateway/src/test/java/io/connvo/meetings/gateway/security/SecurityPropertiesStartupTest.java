package io.connvo.meetings.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Issuers, audience and JWKS location have no defaults: without them the application does not start. */
class SecurityPropertiesStartupTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewaySecurityProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void missingIssuerAudienceAndJwksStopTheStartWithClearMessages() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            String message = rootMessages(context.getStartupFailure());
            assertThat(message)
                    .contains("set connvo.security.issuers")
                    .contains("set connvo.security.audience")
                    .contains("set connvo.security.jwks-uri");
        });
    }

    @Test
    void defaultsApplyToTheRest() {
        runner.withPropertyValues(
                        "connvo.security.issuers=https://api.workos.com/",
                        "connvo.security.audience=client_1",
                        "connvo.security.jwks-uri=https://api.workos.com/sso/jwks/client_1")
                .run(context -> {
                    GatewaySecurityProperties properties = context.getBean(GatewaySecurityProperties.class);
                    assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(properties.paidRoles()).containsExactly("admin");
                    assertThat(properties.adminRoles()).containsExactly("admin");
                    assertThat(properties.auditorRoles()).containsExactly("auditor");
                    assertThat(properties.paidEntitlement()).isNull();
                });
    }

    private static String rootMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
