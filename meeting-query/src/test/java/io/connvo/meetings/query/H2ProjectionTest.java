package io.connvo.meetings.query;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/** The projection tests on H2 in PostgreSQL mode, the embedded default. */
class H2ProjectionTest extends AbstractProjectionTest {

    @BeforeAll
    static void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:projection-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        useDatabase(dataSource);
    }
}
