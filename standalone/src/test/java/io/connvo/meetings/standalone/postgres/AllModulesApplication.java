package io.connvo.meetings.standalone.postgres;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import io.connvo.meetings.saga.SagaModule;
import java.nio.file.Path;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * All five modules in one process with the standalone application's configuration ({@code application.yml}) and
 * its {@code postgres} profile, started on a given PostgreSQL: one node of the standalone deployment.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({PlatformModule.class, CommandModule.class, QueryModule.class, SagaModule.class, GatewayModule.class})
public class AllModulesApplication {

    /** The development token issuer signs for this issuer and audience; its key lives in the data directory. */
    static final String ISSUER = "https://dev.connvo.test/";
    static final String AUDIENCE = "connvo-dev";

    static ConfigurableApplicationContext startNode(String nodeId, String jdbcUrl, Path dataDir, String... extra) {
        String[] base = {
                "--spring.profiles.active=postgres",
                "--CONNVO_POSTGRES_URL=" + jdbcUrl,
                "--CONNVO_POSTGRES_USER=postgres",
                "--CONNVO_POSTGRES_PASSWORD=postgres",
                "--connvo.node.id=" + nodeId,
                "--connvo.data-dir=" + dataDir,
                "--connvo.dev-tokens.enabled=true",
                "--connvo.security.issuers=" + ISSUER,
                "--connvo.security.audience=" + AUDIENCE,
                "--connvo.security.jwks-uri=http://127.0.0.1:9/unused-jwks.json", // dev keys are found locally first
                "--connvo.deadlines.polling-interval=200ms",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--spring.lifecycle.timeout-per-shutdown-phase=5s",
        };
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AllModulesApplication.class).run(args);
    }
}
