package io.connvo.meetings.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL from embedded binaries for a test class with the {@code postgres} profile, and the connection
 * properties that profile reads. Each class keeps its own instance (stopped when the JVM exits, after the cached
 * Spring context), so contexts never share a database.
 */
final class EmbeddedPostgresProperties {

    private EmbeddedPostgresProperties() {
    }

    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void register(DynamicPropertyRegistry registry, EmbeddedPostgres postgres) {
        registry.add("CONNVO_POSTGRES_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("CONNVO_POSTGRES_USER", () -> "postgres");
        registry.add("CONNVO_POSTGRES_PASSWORD", () -> "postgres");
    }
}
