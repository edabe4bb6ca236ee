package io.connvo.meetings.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Which requests verify their token again, with the clock moved by hand. */
class VerifiedTokensTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    /** What the real decoder was asked to verify, in order. */
    private final List<String> verifications = new ArrayList<>();
    private Instant expiresAt = START.plus(Duration.ofHours(1));
    private boolean refuse;

    private final JwtDecoder verifier = token -> {
        verifications.add(token);
        if (refuse) {
            throw new BadJwtException("refused");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("user_01").issuedAt(START)
                .expiresAt(expiresAt).build();
    };

    private final VerifiedTokens tokens = new VerifiedTokens(verifier, MAX_AGE, SKEW, clock);

    @Test
    void aTokenIsVerifiedOnceAndThenRecognised() {
        Jwt first = tokens.decode("token-a");
        now = now.plusSeconds(30);

        assertThat(tokens.decode("token-a")).isSameAs(first);
        assertThat(tokens.decode("token-b").getTokenValue()).isEqualTo("token-b");
        assertThat(verifications).containsExactly("token-a", "token-b");
    }

    @Test
    void aTokenPastItsExpiryAndSkewIsVerifiedAgain() {
        expiresAt = START.plus(Duration.ofMinutes(2));
        tokens.decode("token-a");

        now = expiresAt.plus(SKEW).minusSeconds(1);
        tokens.decode("token-a");
        assertThat(verifications).hasSize(1);

        now = expiresAt.plus(SKEW);
        refuse = true; // what the real validator says of an expired token
        assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasSize(2);
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainOnceTheKeySetWouldHaveBeenFetchedAgain() {
        tokens.decode("token-a");

        now = START.plus(MAX_AGE).minusSeconds(1);
        tokens.decode("token-a");
        now = START.plus(MAX_AGE);
        tokens.decode("token-a");

        assertThat(verifications).hasSize(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        refuse = true;

        assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasSize(2);
    }
}
