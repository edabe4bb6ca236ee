package io.connvo.meetings.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway stays correct when several nodes share the work ({@code connvo.gateway.consistency.*}).
 *
 * @param conflictRetries       how often a command that lost a race on the same meeting (optimistic locking in
 *                              the event store) is sent again before the caller gets CONFLICT (default 3)
 * @param conflictRetryInterval the pause before the first such retry, doubled for each next one (default 20ms)
 * @param viewPollInterval      how often a read-your-writes wait also re-reads the view (default 100ms): the
 *                              node that projects the event may be another one, whose progress reports and
 *                              subscription updates this node never sees
 */
@ConfigurationProperties("connvo.gateway.consistency")
public record ConsistencyProperties(
        @DefaultValue("3") int conflictRetries,
        @DefaultValue("20ms") Duration conflictRetryInterval,
        @DefaultValue("100ms") Duration viewPollInterval) {
}
