package io.connvo.meetings.standalone;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.gateway.security.PublicPaths;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import io.connvo.meetings.saga.SagaModule;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
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

    /** Swagger UI over the OpenAPI document, for trying the API locally; the routes it calls still need a token. */
    @Bean
    PublicPaths swaggerUiPaths() {
        return () -> List.of("/swagger-ui.html", "/swagger-ui/**");
    }
}
