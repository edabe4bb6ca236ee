package io.connvo.meetings.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** All four modules in one JVM on the embedded event store: the default way to run Connvo meetings. */
@SpringBootApplication
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
