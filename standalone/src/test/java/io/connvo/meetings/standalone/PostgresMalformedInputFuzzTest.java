package io.connvo.meetings.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link MalformedInputFuzzTest} with the standalone application's {@code postgres} profile: PostgreSQL refuses
 * text H2 stores (a NUL), so a title that slipped through would stall the projections here first.
 */
@ActiveProfiles("postgres")
class PostgresMalformedInputFuzzTest extends MalformedInputFuzzTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres postgres = Holder.POSTGRES;
        registry.add("CONNVO_POSTGRES_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("CONNVO_POSTGRES_USER", () -> "postgres");
        registry.add("CONNVO_POSTGRES_PASSWORD", () -> "postgres");
    }

    /** Started once, stopped when the JVM exits (after the cached Spring context). */
    private static final class Holder {
        static final EmbeddedPostgres POSTGRES = start();

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
