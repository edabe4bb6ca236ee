package io.connvo.meetings.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link KillAfterAcknowledgement} with the {@code postgres} profile on an embedded PostgreSQL started here; only
 * the application process is killed, the database keeps running (as a separate server would).
 */
class PostgresKillAfterAcknowledgementIT extends KillAfterAcknowledgement {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    List<String> storeArgs() {
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
    }

    @Override
    String storeName() {
        return "postgres";
    }
}
