package io.connvo.meetings.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How nodes sharing one token store divide the segments of each pooled streaming processor
 * ({@code connvo.processing.balancing.*}, see {@link SegmentBalancer}).
 *
 * @param enabled       whether nodes limit themselves to a fair share; off, a node claims every free segment,
 *                      default true
 * @param interval      how often a node announces itself and recomputes its share, default 2s
 * @param memberTimeout how long a node that stopped announcing itself still counts as a member, default 10s; keep
 *                      it at most the token claim timeout ({@code axon.eventhandling.tokenstore.claim-timeout},
 *                      10s) so that survivors want a dead node's segments by the time its claims expire
 */
@ConfigurationProperties("connvo.processing.balancing")
public record SegmentBalancingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration interval,
        @DefaultValue("10s") Duration memberTimeout) {

    public SegmentBalancingProperties {
        interval = interval == null ? Duration.ofSeconds(2) : interval;
        memberTimeout = memberTimeout == null ? Duration.ofSeconds(10) : memberTimeout;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("connvo.processing.balancing.interval must be positive");
        }
        if (memberTimeout.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "connvo.processing.balancing.member-timeout must be at least twice the interval");
        }
    }
}
