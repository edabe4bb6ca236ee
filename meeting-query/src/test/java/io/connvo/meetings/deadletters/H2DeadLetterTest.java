package io.connvo.meetings.deadletters;

/** Dead letters on H2 (PostgreSQL mode), the embedded default. */
class H2DeadLetterTest extends DeadLetterContract {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:dead-letters;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }
}
