package io.connvo.meetings.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Bearer tokens already verified, by their exact text. A client sends the same token with every request until it
 * expires, and verifying it again (Nimbus's constant-time Base64 of its header, claims and signature, then RSA) was
 * about half of the CPU of a getMeeting request. A remembered token is accepted only until it expires (its
 * {@code exp} plus the clock skew, as the validator allows) and for at most {@code maxAge} after its verification
 * (the key set's cache lifetime: a key withdrawn from the JWKS stops verifying within the same time). Refused tokens
 * are never remembered: each one is decoded, and refused, again.
 */
final class VerifiedTokens implements JwtDecoder {

    /** Distinct live tokens kept; the memory is dropped whole if there are ever more, so it cannot grow unbounded. */
    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder decoder;
    private final Duration maxAge;
    private final Duration clockSkew;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Jwt jwt, Instant acceptedUntil) {
    }

    VerifiedTokens(JwtDecoder decoder, Duration maxAge, Duration clockSkew, Clock clock) {
        this.decoder = decoder;
        this.maxAge = maxAge;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.acceptedUntil())) {
                return known.jwt();
            }
            verified.remove(token, known);
        }
        Jwt jwt = decoder.decode(token);
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        Instant acceptedUntil = now.plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().plus(clockSkew).isBefore(acceptedUntil)) {
            acceptedUntil = jwt.getExpiresAt().plus(clockSkew);
        }
        verified.put(token, new Verified(jwt, acceptedUntil));
        return jwt;
    }
}
