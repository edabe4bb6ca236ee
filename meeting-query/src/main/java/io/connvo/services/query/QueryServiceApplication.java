package io.connvo.services.query;

import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The query service of the distributed deployment: the meeting and recording projections and their query handlers.
 * Configuration from {@code connvo-service.yml} (shared by the four services) and {@code query-service.yml};
 * not {@code application.yml}, which belongs to the standalone application on the same classpath.
 */
@SpringBootApplication
@Import({PlatformModule.class, QueryModule.class})
public class QueryServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(QueryServiceApplication.class)
                .properties("spring.config.name=connvo-service,query-service")
                .run(args);
    }
}
