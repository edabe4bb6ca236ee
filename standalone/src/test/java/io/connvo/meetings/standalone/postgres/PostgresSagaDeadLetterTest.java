package io.connvo.meetings.standalone.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.context.ConfigurableApplicationContext;

/** The media saga's dead letters with the {@code postgres} profile, which aborts a transaction at a failed statement. */
class PostgresSagaDeadLetterTest extends SagaDeadLetterContract {

    private EmbeddedPostgres postgres;

    @Override
    ConfigurableApplicationContext startApplication(Path dataDir, String... deadLetterSettings) throws Exception {
        postgres = EmbeddedPostgres.start();
        return Node.start("postgres-saga-dead-letters", postgres.getJdbcUrl("postgres", "postgres"), dataDir,
                deadLetterSettings);
    }

    @AfterAll
    void stopPostgres() throws Exception {
        stop();
        context = null;
        postgres.close();
    }
}
