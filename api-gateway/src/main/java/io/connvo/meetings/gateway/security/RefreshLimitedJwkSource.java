package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote key set behind Nimbus's cache and rate limiter, where running into the rate limit means "no such
 * key". A token with an unknown key id makes the cache fetch the key set again (a rotation is picked up that
 * way); the rate limiter bounds those fetches, but reports the limit as a key source failure, which Spring
 * answers with HTTP 500. A flood of tokens signed by foreign keys is the client's fault, not an outage: a
 * 401.
 */
final class RefreshLimitedJwkSource implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(RefreshLimitedJwkSource.class);

    private final JWKSource<SecurityContext> rateLimited;

    RefreshLimitedJwkSource(JWKSource<SecurityContext> rateLimited) {
        this.rateLimited = rateLimited;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        try {
            return rateLimited.get(selector, context);
        } catch (RateLimitReachedException e) {
            log.debug("Key set refresh skipped (rate limit): the token's key is treated as unknown");
            return List.of();
        }
    }
}
