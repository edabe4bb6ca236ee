package io.connvo.meetings.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/** The platform's persistence on a real PostgreSQL (embedded binaries, no Docker). */
class PostgresPersistenceTest extends PersistenceContract {

    private EmbeddedPostgres postgres;

    @BeforeAll
    void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    void stopPostgres() throws IOException {
        stop();
        context = null;
        postgres.close();
    }

    @Override
    ConfigurableApplicationContext startApplication() {
        return PlatformTestApp.start(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    @Override
    String binaryColumnType() {
        return "bytea";
    }
}
