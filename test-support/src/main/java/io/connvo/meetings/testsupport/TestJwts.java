package io.connvo.meetings.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real RS256 tokens for gateway tests, signed by a test key whose JWKS {@link JwksServer#shared()} serves
 * over HTTP, plus the forged kinds the gateway must reject.
 *
 * <pre>
 * &#64;DynamicPropertySource
 * static void security(DynamicPropertyRegistry registry) { TestJwts.registerProperties(registry); }
 * ...
 * String token = TestJwts.forUser("user-1").role("admin").sign();
 * </pre>
 * Test classes that share one {@code @DynamicPropertySource} method (e.g. through a common base class) also
 * share their Spring context.
 */
public final class TestJwts {

    public static final String ISSUER = "https://auth.test.connvo.invalid/";
    public static final String SECOND_ISSUER = "https://auth.test.connvo.invalid/user_management/client_test";
    public static final String AUDIENCE = "connvo-meetings-test";
    public static final String PAID_ENTITLEMENT = "connvo-pro";

    private static final RSAKey TRUSTED = generate("trusted-test-key");
    private static final RSAKey UNTRUSTED = generate("untrusted-test-key");

    private TestJwts() {
    }

    /** Points {@code connvo.security.*} at the shared JWKS server, the test issuers and audience. */
    public static void registerProperties(DynamicPropertyRegistry registry) {
        registry.add("connvo.security.jwks-uri", () -> JwksServer.shared().jwksUri());
        registry.add("connvo.security.issuers", () -> ISSUER + "," + SECOND_ISSUER);
        registry.add("connvo.security.audience", () -> AUDIENCE);
        registry.add("connvo.security.paid-entitlement", () -> PAID_ENTITLEMENT);
    }

    public static JWKSet trustedKeys() {
        return new JWKSet(TRUSTED.toPublicJWK());
    }

    /** A valid token for the user: trusted key, first issuer, test audience, valid for 10 minutes. */
    public static Builder forUser(String subject) {
        return new Builder().subject(subject);
    }

    public static final class Builder {

        private final Map<String, Object> claims = new LinkedHashMap<>();
        private RSAKey key = TRUSTED;
        private String keyId = TRUSTED.getKeyID();

        private Builder() {
            Instant now = Instant.now();
            claims.put("iss", ISSUER);
            claims.put("aud", List.of(AUDIENCE));
            claims.put("iat", Date.from(now));
            claims.put("exp", Date.from(now.plus(Duration.ofMinutes(10))));
        }

        public Builder subject(String subject) {
            return claim("sub", subject);
        }

        public Builder issuer(String issuer) {
            return claim("iss", issuer);
        }

        public Builder audience(String... audience) {
            return claim("aud", List.of(audience));
        }

        public Builder role(Object role) {
            return claim("role", role);
        }

        public Builder entitlements(String... entitlements) {
            return claim("entitlements", List.of(entitlements));
        }

        public Builder expiresAt(Instant expiry) {
            return claim("exp", expiry == null ? null : Date.from(expiry));
        }

        public Builder issuedAt(Instant issuedAt) {
            return claim("iat", Date.from(issuedAt));
        }

        public Builder notBefore(Instant notBefore) {
            return claim("nbf", Date.from(notBefore));
        }

        /** Sets a claim; {@code null} removes it. */
        public Builder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** Signs with a key the gateway does not trust, under the trusted key's id: a bad signature. */
        public Builder signedByUntrustedKey() {
            this.key = UNTRUSTED;
            return this;
        }

        /** Signs with {@code key} under its own key id (e.g. a key the identity provider rotated to). */
        public Builder signedBy(RSAKey key) {
            this.key = key;
            this.keyId = key.getKeyID();
            return this;
        }

        /** Signs with the untrusted key under its own, unknown key id. */
        public Builder signedByUnknownKey() {
            this.key = UNTRUSTED;
            this.keyId = UNTRUSTED.getKeyID();
            return this;
        }

        public JWTClaimsSet claimsSet() {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
            claims.forEach(builder::claim);
            return builder.build();
        }

        /** RS256, as an identity provider signs. */
        public String sign() {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
                    claimsSet());
            try {
                jwt.sign(new RSASSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }

        /** {@code alg: none}, no signature. */
        public String unsigned() {
            return new PlainJWT(claimsSet()).serialize();
        }

        /** The key-confusion attack: HS256 keyed with the trusted RSA public key's encoded bytes. */
        public String hs256WithPublicKeyBytes() {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
                    claimsSet());
            try {
                jwt.sign(new MACSigner(TRUSTED.toRSAPublicKey().getEncoded()));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }

    /** A validly signed token whose payload was then changed (here: its claims replaced by {@code forged}'s). */
    public static String tamper(String token, Builder forged) {
        String[] parts = token.split("\\.");
        String payload = Base64URL.encode(forged.claimsSet().toString()).toString();
        return parts[0] + "." + payload + "." + parts[2];
    }

    /** A new RS256 signing key pair with this key id. */
    public static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
