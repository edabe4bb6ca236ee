package io.connvo.meetings.gateway.web;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The gateway with the command and query sides in one JVM, on an in-memory H2 in PostgreSQL mode and without
 * Axon Server: what the HTTP tests run against, with a test double of the saga. Not a component, so no module's
 * scan takes it into another application.
 */
@EnableAutoConfiguration
@Import({PlatformModule.class, CommandModule.class, QueryModule.class, GatewayModule.class, FakeMediaSaga.class})
public class GatewayTestApplication {
}
