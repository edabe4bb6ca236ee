package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link EndToEndTest}'s scenarios with the standalone application's {@code postgres} profile: events, tokens,
 * sagas, deadlines and projections in a real PostgreSQL (embedded binaries; stopped when the JVM exits, after the
 * cached Spring context).
 */
@ActiveProfiles("postgres")
class PostgresEndToEndTest extends EndToEndTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresProperties.register(registry, Holder.POSTGRES);
    }

    @Test
    void theApplicationRunsOnPostgres() {
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
        assertThat(jdbc.sql("SELECT data_type FROM information_schema.columns WHERE table_name = 'domain_event_entry' "
                + "AND column_name = 'payload'").query(String.class).single()).isEqualTo("bytea");
    }

    private static final class Holder {
        static final EmbeddedPostgres POSTGRES = EmbeddedPostgresProperties.start();
    }
}
