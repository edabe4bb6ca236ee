package io.connvo.meetings.standalone;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import io.connvo.meetings.saga.SagaModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * All modules in one JVM on the embedded event store: the default way to run Connvo meetings. Without a
 * GetStream key it runs against the in-process GetStream sandbox ({@link GetStreamSandboxInitializer}).
 */
@SpringBootApplication
@Import({PlatformModule.class, CommandModule.class, QueryModule.class, SagaModule.class, GatewayModule.class})
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
