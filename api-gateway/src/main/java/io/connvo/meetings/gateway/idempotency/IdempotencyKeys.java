package io.connvo.meetings.gateway.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_key} table: per caller and key, the request a key was first used for and its answer. Every
 * statement commits on its own, and the primary key (caller, key) decides races between nodes: of two requests that
 * claim a new key at once, one insert wins and the other sees its row.
 */
@Repository
public class IdempotencyKeys {

    /** What a request carrying a key may do. */
    public sealed interface Claim {
    }

    /**
     * The key is this request's to execute under {@code token}; its answer is stored with {@link #complete}.
     * {@code requestId} (32 hex digits) is the same for every attempt of the request under this key.
     */
    public record Acquired(String token, String requestId) implements Claim {
    }

    /** The same request was answered before: this is its answer. */
    public record Answered(int status, byte[] body) implements Claim {
    }

    /** The key was first used for another route or body. */
    public record Mismatch() implements Claim {
    }

    /** The same request is executing elsewhere, under a lease that has not lapsed. */
    public record Executing() implements Claim {
    }

    private final JdbcClient jdbc;

    public IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code key} of {@code callerId} for a request to {@code route} whose body has digest {@code bodySha256}:
     * a new or expired key, or one whose lease has lapsed without an answer, is acquired until {@code now + lease}.
     */
    public Claim claim(String callerId, String key, String route, String bodySha256, Instant now,
                       Duration lease, Duration ttl) {
        // A row can change between our statements (another node inserts, completes, takes over, or the purge deletes
        // it); each of those moves it forward, so a few rounds always settle.
        for (int round = 0; round < 5; round++) {
            String token = UUID.randomUUID().toString();
            String requestId = UUID.randomUUID().toString().replace("-", "");
            try {
                jdbc.sql("""
                                INSERT INTO idempotency_key (caller_id, idempotency_key, route, body_sha256, request_id,
                                    claim_token, locked_until, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(callerId, key, route, bodySha256, requestId, token, at(now.plus(lease)), at(now),
                                at(now.plus(ttl)))
                        .update();
                return new Acquired(token, requestId);
            } catch (DuplicateKeyException taken) {
                // read what is there
            }
            Optional<Row> found = find(callerId, key);
            if (found.isEmpty()) {
                continue;
            }
            Row row = found.get();
            if (!row.expiresAt().isAfter(now)) {
                jdbc.sql("DELETE FROM idempotency_key WHERE caller_id = ? AND idempotency_key = ? AND expires_at <= ?")
                        .params(callerId, key, at(now)).update();
                continue;
            }
            if (!row.route().equals(route) || !row.bodySha256().equals(bodySha256)) {
                return new Mismatch();
            }
            if (row.status() != null) {
                return new Answered(row.status(), row.body());
            }
            if (row.lockedUntil().isAfter(now)) {
                return new Executing();
            }
            int taken = jdbc.sql("""
                            UPDATE idempotency_key SET claim_token = ?, locked_until = ?
                            WHERE caller_id = ? AND idempotency_key = ? AND claim_token = ? AND response_status IS NULL""")
                    .params(token, at(now.plus(lease)), callerId, key, row.claimToken())
                    .update();
            if (taken == 1) {
                return new Acquired(token, row.requestId());
            }
        }
        return new Executing();
    }

    /** Stores the answer of the request that holds the key; a holder whose lease was taken over stores nothing. */
    public void complete(String callerId, String key, String token, int status, byte[] body) {
        jdbc.sql("""
                        UPDATE idempotency_key SET response_status = ?, response_body = ?
                        WHERE caller_id = ? AND idempotency_key = ? AND claim_token = ? AND response_status IS NULL""")
                .params(status, body, callerId, key, token)
                .update();
    }

    /** Gives the key up without an answer: the next repeat of the request executes it. */
    public void release(String callerId, String key, String token, Instant now) {
        jdbc.sql("""
                        UPDATE idempotency_key SET locked_until = ?
                        WHERE caller_id = ? AND idempotency_key = ? AND claim_token = ? AND response_status IS NULL""")
                .params(at(now), callerId, key, token)
                .update();
    }

    /**
     * Lets every lease still running at {@code now} lapse, so the next repeat of each request executes it; only for a
     * start-up on a store no other process can have open, where every lease is one a dead process held. Returns how
     * many.
     */
    public int releaseAllLeases(Instant now) {
        return jdbc.sql("UPDATE idempotency_key SET locked_until = ? WHERE response_status IS NULL AND locked_until > ?")
                .params(at(now), at(now))
                .update();
    }

    /** Deletes the keys expired at {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_key WHERE expires_at <= ?").param(at(now)).update();
    }

    private Optional<Row> find(String callerId, String key) {
        return jdbc.sql("""
                        SELECT route, body_sha256, request_id, claim_token, locked_until, response_status, response_body,
                            expires_at
                        FROM idempotency_key WHERE caller_id = ? AND idempotency_key = ?""")
                .params(callerId, key)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6) == null ? null : rs.getInt(6), rs.getBytes(7),
                        rs.getObject(8, OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Microseconds: what PostgreSQL keeps of an instant. */
    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private record Row(String route, String bodySha256, String requestId, String claimToken, Instant lockedUntil,
                       Integer status, byte[] body, Instant expiresAt) {
    }
}
