package io.connvo.meetings.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Requests that arrived on the separate management port ({@code management.server.port}), if one runs: its
 * actuator endpoints are for the scraper on a private network and need no token. The port is learnt when the
 * management server starts, so a random one (0, in tests) works too.
 */
class ManagementPort implements ApplicationListener<WebServerInitializedEvent>, RequestMatcher {

    private static final String NAMESPACE = "management";

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return port > 0 && request.getLocalPort() == port;
    }
}
