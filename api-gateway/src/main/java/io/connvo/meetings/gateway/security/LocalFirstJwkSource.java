package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;

/** Looks a key up in a local set first and asks the remote source only when no local key matches. */
final class LocalFirstJwkSource implements JWKSource<SecurityContext> {

    private final JWKSet local;
    private final JWKSource<SecurityContext> remote;

    LocalFirstJwkSource(JWKSet local, JWKSource<SecurityContext> remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> matches = selector.select(local);
        return matches.isEmpty() ? remote.get(selector, context) : matches;
    }
}
