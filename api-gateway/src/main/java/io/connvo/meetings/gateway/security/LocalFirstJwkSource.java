package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks a key up in a local set first and asks the remote source only when no local key matches. With local
 * keys to check against, a token whose key the remote source cannot be asked about is refused like any
 * unknown key (401), not reported as an outage: verification itself is available.
 */
final class LocalFirstJwkSource implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(LocalFirstJwkSource.class);

    private final LocalJwks local;
    private final JWKSource<SecurityContext> remote;

    LocalFirstJwkSource(LocalJwks local, JWKSource<SecurityContext> remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> matches = selector.select(local.publicKeys());
        if (!matches.isEmpty()) {
            return matches;
        }
        try {
            return remote.get(selector, context);
        } catch (KeySourceException e) {
            log.warn("Remote key set unavailable ({}); a token of a key not held locally is refused", e.getMessage());
            return List.of();
        }
    }
}
