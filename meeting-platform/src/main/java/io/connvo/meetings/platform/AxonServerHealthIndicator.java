package io.connvo.meetings.platform;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The connection to Axon Server as the health component {@code axonServer}: DOWN while it is lost, so that the
 * readiness group (connvo-service.yml) takes the service out of rotation until the connector has reconnected by
 * itself. Axon's own indicator is built for Spring Boot 3's actuator packages and never registers under Boot 4.
 */
public class AxonServerHealthIndicator implements HealthIndicator {

    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;

    public AxonServerHealthIndicator(AxonServerConnectionManager connections, AxonServerConfiguration configuration) {
        this.connections = connections;
        this.configuration = configuration;
    }

    @Override
    public Health health() {
        String context = connections.getDefaultContext();
        return (connections.isConnected(context) ? Health.up() : Health.down())
                .withDetail("context", context)
                .withDetail("servers", configuration.getServers())
                .build();
    }
}
