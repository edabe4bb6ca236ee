package io.connvo.meetings.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.admin.DeadLetterOutcome;
import io.connvo.meetings.api.admin.EvictDeadLetters;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.platform.AdminMessages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Dead letters on PostgreSQL, which aborts a transaction at its first failed statement, and refuses NUL in text:
 * the title of issue 11's stalled projection.
 */
class PostgresDeadLetterTest extends DeadLetterContract {

    private EmbeddedPostgres postgres;

    @Override
    String jdbcUrl() {
        try {
            postgres = EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @AfterAll
    void stopPostgres() throws IOException {
        stop();
        context = null;
        postgres.close();
    }

    @Test
    void aNulTitleParksItsMeetingOnlyAndAnEvictionLetsTheMeetingGoOn() {
        String nul = "meeting_nul_" + UUID.randomUUID();
        String other = "meeting_after_nul_" + UUID.randomUUID();
        append(nul, 0, created(nul, "before\u0000after"));
        append(other, 0, created(other, "fine"));
        append(other, 1, started(other));

        await().atMost(Duration.ofSeconds(10)).until(() -> row(other)
                .map(row -> "ACTIVE".equals(row.get("state"))).orElse(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().shown().stream()
                .anyMatch(letter -> letter.meetingId().equals(nul) && letter.parked()));
        assertThat(deadLetters().shown()).filteredOn(letter -> letter.meetingId().equals(nul)).singleElement()
                .satisfies(letter -> assertThat(letter.causeMessage()).contains("0x00"));

        DeadLetterOutcome evicted = commands.sendAndWait(
                AdminMessages.command(new EvictDeadLetters(Projection.MEETING_VIEW, nul)));
        assertThat(evicted.handled()).isEqualTo(1);
        assertThat(evicted.remaining()).isZero();
        // The meeting's next event is handled at once, no longer parked behind the evicted one.
        append(nul, 1, started(nul));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> deadLetters().shown().stream().noneMatch(letter -> letter.meetingId().equals(nul)));
        assertThat(row(nul)).isEmpty();
    }
}
