package io.connvo.services.gateway;

import io.connvo.meetings.gateway.GatewayModule;
import io.connvo.meetings.platform.PlatformModule;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The gateway service of the distributed deployment: REST routes, security and the webhook receiver.
 * Configuration from {@code connvo-service.yml} (shared by the four services) and {@code gateway-service.yml};
 * not {@code application.yml}, which belongs to the standalone application on the same classpath.
 */
@SpringBootApplication
@Import({PlatformModule.class, GatewayModule.class})
public class GatewayServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayServiceApplication.class)
                .properties("spring.config.name=connvo-service,gateway-service")
                .run(args);
    }
}
