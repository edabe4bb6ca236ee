package io.connvo.meetings.gateway.devtoken;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The development token issuer ({@code connvo.dev-tokens.*}), meant for the standalone application only.
 * Its key pair lives in {@code ${connvo.data-dir}/dev-token-key.json}.
 *
 * @param enabled    serve {@code GET /dev/jwks.json} and {@code POST /dev/tokens} (loopback only); default false
 * @param defaultTtl lifetime of a minted token when the request names none; default 1 h
 * @param maxTtl     the longest lifetime a request may ask for; default 24 h
 */
@ConfigurationProperties("connvo.dev-tokens")
public record DevTokenProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("1h") Duration defaultTtl,
        @DefaultValue("24h") Duration maxTtl) {
}
