package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.gateway.idempotency.IdempotencyKeys;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Acquired;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Answered;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Claim;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Executing;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Mismatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The key table's rules in time (leases, expiry, purge), driven by explicit instants, on the test database. */
class IdempotencyKeysTest extends GatewayHttpTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration TTL = Duration.ofHours(24);
    private static final String ROUTE = "/api/run/meetings/lifecycle/createMeeting";
    private static final String BODY = "a".repeat(64);
    private static final byte[] ANSWER = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);

    @Autowired
    IdempotencyKeys keys;

    private final String caller = "user_" + UUID.randomUUID();

    private Claim claim(String key, Instant at) {
        return keys.claim(caller, key, ROUTE, BODY, at, LEASE, TTL);
    }

    @Test
    void aKeyIsHeldWhileItsRequestExecutesThenAnswersRepeats() {
        Acquired held = (Acquired) claim("k1", T0);

        assertThat(claim("k1", T0.plusSeconds(30))).isInstanceOf(Executing.class);
        keys.complete(caller, "k1", held.token(), 200, ANSWER);

        assertThat(claim("k1", T0.plus(Duration.ofHours(23)))).isInstanceOfSatisfying(Answered.class, answered -> {
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.body()).isEqualTo(ANSWER);
        });
        assertThat(keys.claim(caller, "k1", ROUTE, "b".repeat(64), T0.plusSeconds(60), LEASE, TTL))
                .isInstanceOf(Mismatch.class);
    }

    @Test
    void aLapsedLeaseIsTakenOverAndTheFormerHolderCanNoLongerAnswer() {
        Acquired crashed = (Acquired) claim("k2", T0);

        Claim retry = claim("k2", T0.plus(LEASE).plusMillis(1));
        assertThat(retry).isInstanceOfSatisfying(Acquired.class,
                acquired -> assertThat(acquired.requestId()).as("the same request").isEqualTo(crashed.requestId()));
        keys.complete(caller, "k2", crashed.token(), 500, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(claim("k2", T0.plus(LEASE).plusSeconds(2))).isInstanceOf(Executing.class);

        keys.complete(caller, "k2", ((Acquired) retry).token(), 200, ANSWER);
        assertThat(claim("k2", T0.plus(LEASE).plusSeconds(3))).isInstanceOf(Answered.class);
    }

    @Test
    void aReleasedKeyIsExecutedByTheNextRepeat() {
        Acquired first = (Acquired) claim("k3", T0);
        keys.release(caller, "k3", first.token(), T0.plusSeconds(1));

        assertThat(claim("k3", T0.plusSeconds(2))).isInstanceOf(Acquired.class);
    }

    @Test
    void releasingAllLeasesFreesTheKeysStillExecutingAndKeepsTheAnswers() {
        Acquired cutOff = (Acquired) claim("k6", T0);
        Acquired answered = (Acquired) claim("k7", T0);
        keys.complete(caller, "k7", answered.token(), 200, ANSWER);

        assertThat(keys.releaseAllLeases(T0.plusSeconds(1))).isPositive();

        assertThat(claim("k6", T0.plusSeconds(2))).isInstanceOfSatisfying(Acquired.class,
                acquired -> assertThat(acquired.requestId()).as("the same request").isEqualTo(cutOff.requestId()));
        assertThat(claim("k7", T0.plusSeconds(2))).isInstanceOf(Answered.class);
    }

    @Test
    void anExpiredKeyIsNewAgainAndThePurgeDeletesIt() {
        Acquired first = (Acquired) claim("k4", T0);
        keys.complete(caller, "k4", first.token(), 200, ANSWER);
        Acquired other = (Acquired) claim("k5", T0);
        keys.complete(caller, "k5", other.token(), 200, ANSWER);

        assertThat(claim("k4", T0.plus(TTL))).isInstanceOf(Acquired.class);

        // (other tests' keys, made with today's clock, are long expired at these instants and go too)
        keys.purgeExpired(T0.plus(TTL).minusSeconds(1));
        assertThat(rowsOfCaller()).isEqualTo(2);
        assertThat(keys.purgeExpired(T0.plus(TTL).plusSeconds(1))).isPositive();
        assertThat(rowsOfCaller()).as("k4 was claimed again at the ttl: it lives on").isEqualTo(1);
    }

    private long rowsOfCaller() {
        return jdbc.sql("SELECT COUNT(*) FROM idempotency_key WHERE caller_id = ?").param(caller).query(Long.class)
                .single();
    }
}
