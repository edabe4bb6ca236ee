package io.connvo.meetings.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The answer while the command or query bus cannot be reached ({@code connvo.gateway.unavailable.*}).
 *
 * @param retryAfter the {@code Retry-After} of a SERVICE_UNAVAILABLE answer, default 5s (Axon Server's connector
 *                   tries to reconnect about every 2 seconds)
 */
@ConfigurationProperties("connvo.gateway.unavailable")
public record UnavailableProperties(@DefaultValue("5s") Duration retryAfter) {

    public UnavailableProperties {
        retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("connvo.gateway.unavailable.retry-after must be positive");
        }
    }
}
