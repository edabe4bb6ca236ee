package io.connvo.meetings.gateway.devtoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.security.GatewaySecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs development tokens with the local key, for the first configured issuer and the configured audience; never
 * one longer than the gateway accepts ({@code connvo.security.max-token-length}).
 */
public final class DevTokenIssuer {

    private final DevTokenKeys keys;
    private final GatewaySecurityProperties security;
    private final Clock clock;

    public DevTokenIssuer(DevTokenKeys keys, GatewaySecurityProperties security, Clock clock) {
        this.keys = keys;
        this.security = security;
        this.clock = clock;
    }

    public String mint(String subject, String role, List<String> entitlements, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(security.issuers().get(0))
                .audience(security.audience())
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (role != null) {
            claims.claim("role", role);
        }
        if (entitlements != null) {
            claims.claim("entitlements", List.copyOf(entitlements));
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(keys.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new RSASSASigner(keys.signingKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a development token", e);
        }
        String token = jwt.serialize();
        if (token.length() > security.maxTokenLength()) {
            throw MeetingException.validation("body", "role and entitlements make a token of " + token.length()
                    + " characters; the gateway refuses tokens over " + security.maxTokenLength());
        }
        return token;
    }
}
