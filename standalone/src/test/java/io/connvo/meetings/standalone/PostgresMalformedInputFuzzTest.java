package io.connvo.meetings.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
        EmbeddedPostgresProperties.register(registry, Holder.POSTGRES);
    }

    private static final class Holder {
        static final EmbeddedPostgres POSTGRES = EmbeddedPostgresProperties.start();
    }
}
