package io.connvo.meetings.standalone;

import io.connvo.meetings.command.CommandModule;
import io.connvo.meetings.platform.PlatformModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** All four modules in one JVM on the embedded event store: the default way to run Connvo meetings. */
@SpringBootApplication
@Import({PlatformModule.class, CommandModule.class})
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
