package io.connvo.meetings.gateway.audit;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The gateway with the command and query sides in one JVM on an H2 database (Flyway schema, JDBC event store), as
 * the standalone process runs them, without the media saga: tests send its outcome commands themselves. Adds the
 * test-only upcaster of a made-up old revision of MeetingCreated. Not a component, so no module's scan takes it into
 * another application.
 */
@EnableAutoConfiguration
@Import({PlatformModule.class, CommandModule.class, QueryModule.class, GatewayModule.class})
public class AuditTestApplication {

    @Bean
    MeetingCreatedRevision0Upcaster meetingCreatedRevision0Upcaster() {
        return new MeetingCreatedRevision0Upcaster();
    }
}
