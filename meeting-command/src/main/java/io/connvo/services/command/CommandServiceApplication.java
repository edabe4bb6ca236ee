package io.connvo.services.command;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.platform.PlatformModule;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The command service of the distributed deployment: the {@code Meeting} aggregate behind Axon Server.
 * Configuration from {@code connvo-service.yml} (shared by the four services) and {@code command-service.yml};
 * not {@code application.yml}, which belongs to the standalone application on the same classpath.
 */
@SpringBootApplication
@Import({PlatformModule.class, CommandModule.class})
public class CommandServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(CommandServiceApplication.class)
                .properties("spring.config.name=connvo-service,command-service")
                .run(args);
    }
}
