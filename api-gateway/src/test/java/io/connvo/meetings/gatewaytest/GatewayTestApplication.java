package io.connvo.meetings.gatewaytest;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The gateway with the command and query sides in one JVM, on an in-memory H2 in PostgreSQL mode and without
 * Axon Server: what the HTTP tests run against. It scans only this package (its test double of the saga),
 * which lies outside every module's scan.
 */
@SpringBootApplication
@Import({PlatformModule.class, CommandModule.class, QueryModule.class, GatewayModule.class})
public class GatewayTestApplication {
}
