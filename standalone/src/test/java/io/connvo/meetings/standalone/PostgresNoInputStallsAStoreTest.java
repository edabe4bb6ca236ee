package io.connvo.meetings.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link NoInputStallsAStoreTest} with the standalone application's {@code postgres} profile, where a NUL or a
 * time beyond PostgreSQL's range that slipped through fails the projection's insert.
 */
@ActiveProfiles("postgres")
class PostgresNoInputStallsAStoreTest extends NoInputStallsAStoreTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresProperties.register(registry, Holder.POSTGRES);
    }

    private static final class Holder {
        static final EmbeddedPostgres POSTGRES = EmbeddedPostgresProperties.start();
    }
}
