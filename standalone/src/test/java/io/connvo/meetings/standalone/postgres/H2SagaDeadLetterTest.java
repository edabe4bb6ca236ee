package io.connvo.meetings.standalone.postgres;

import io.connvo.meetings.standalone.StandaloneApplication;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The media saga's dead letters on the embedded default store, an H2 file. */
class H2SagaDeadLetterTest extends SagaDeadLetterContract {

    @Override
    ConfigurableApplicationContext startApplication(Path dataDir, String... deadLetterSettings) {
        return new SpringApplicationBuilder(StandaloneApplication.class).run(Stream.concat(Stream.of(
                "--connvo.data-dir=" + dataDir,
                "--connvo.node.id=h2-saga-dead-letters",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"), Stream.of(deadLetterSettings)).toArray(String[]::new));
    }
}
