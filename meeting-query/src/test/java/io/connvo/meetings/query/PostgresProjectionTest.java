package io.connvo.meetings.query;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The projection tests on real PostgreSQL, the production database, so the migrations' SQL is proven on both. */
class PostgresProjectionTest extends AbstractProjectionTest {

    private static EmbeddedPostgres postgres;
    private static SingleConnectionDataSource connection;

    @BeforeAll
    static void database() throws IOException, SQLException {
        postgres = EmbeddedPostgres.start();
        // One reused connection: the embedded server's own DataSource would open one per statement.
        connection = new SingleConnectionDataSource(postgres.getPostgresDatabase().getConnection(), true);
        useDatabase(connection);
    }

    @AfterAll
    static void stop() throws IOException {
        connection.destroy();
        postgres.close();
    }
}
