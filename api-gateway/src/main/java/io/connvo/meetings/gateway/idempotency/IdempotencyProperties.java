package io.connvo.meetings.gateway.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code Idempotency-Key}s of command requests are kept ({@code connvo.idempotency.*}).
 *
 * @param ttl           how long a caller's key is remembered after its first use (default 24h); a repeat after that
 *                      executes again
 * @param lease         how long a request executing under a key holds it (default 1m): longer than any request takes
 *                      (command, read-your-writes and recording waits), so only a node that died mid-request ever
 *                      lets it lapse; a repeat then executes the request again
 * @param waitTimeout   how long a repeat waits for the answer of the same request still executing (default 10s);
 *                      past it the repeat gets a CONFLICT with {@code retryAfterMs}
 * @param purgeInterval how often each node deletes expired keys (default 10m)
 */
@ConfigurationProperties("connvo.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("1m") Duration lease,
        @DefaultValue("10s") Duration waitTimeout,
        @DefaultValue("10m") Duration purgeInterval) {

    public IdempotencyProperties {
        positive("ttl", ttl);
        positive("lease", lease);
        positive("purge-interval", purgeInterval);
        if (waitTimeout == null || waitTimeout.isNegative()) {
            throw new IllegalArgumentException("connvo.idempotency.wait-timeout must not be negative");
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("connvo.idempotency." + name + " must be positive");
        }
    }
}
