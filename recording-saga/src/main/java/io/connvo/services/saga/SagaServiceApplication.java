package io.connvo.services.saga;

import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.saga.SagaModule;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The saga service of the distributed deployment: the media saga and the GetStream adapter.
 * Configuration from {@code connvo-service.yml} (shared by the four services) and {@code saga-service.yml};
 * not {@code application.yml}, which belongs to the standalone application on the same classpath.
 */
@SpringBootApplication
@Import({PlatformModule.class, SagaModule.class})
public class SagaServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SagaServiceApplication.class)
                .properties("spring.config.name=connvo-service,saga-service")
                .run(args);
    }
}
