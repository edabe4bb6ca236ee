package io.connvo.meetings.gateway.security;

import io.connvo.meetings.gateway.devtoken.DevTokenConfiguration;
import io.connvo.meetings.gateway.devtoken.DevTokenController;
import java.util.Map;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The security configuration alone, with a protected and a webhook test route, for tests of security
 * through real HTTP. The development token issuer is imported too; it exists only when enabled. No configuration
 * class, so the gateway module's scan of this package does not take it into other applications.
 */
@EnableAutoConfiguration
@Import({GatewaySecurityConfiguration.class, CallerWebConfiguration.class, Callers.class,
        DevTokenConfiguration.class, DevTokenController.class, SecurityTestApplication.TestRoutes.class})
public class SecurityTestApplication {

    static final String PROTECTED = "/api/test/whoami";
    static final String WEBHOOK = "/webhooks/test";

    @RestController
    static class TestRoutes {

        @PostMapping(PROTECTED)
        Caller whoami(Caller caller) {
            return caller;
        }

        @PostMapping(WEBHOOK)
        Map<String, Object> webhook() {
            return Map.of("received", true);
        }
    }
}
