package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RS256 verification keys from a JWK source, each JWK converted to a Java key once. Nimbus's own selector
 * converts the JWK on every token (constant-time Base64 of the modulus): about a sixth of the CPU of a
 * startMeeting request.
 */
final class CachingRs256KeySelector implements JWSKeySelector<SecurityContext> {

    /** Keys rotate rarely; the cache is dropped if it ever holds more than this, so it cannot grow unbounded. */
    private static final int MAX_CACHED_KEYS = 32;

    private final JWKSource<SecurityContext> source;
    private final Map<JWK, List<Key>> converted = new ConcurrentHashMap<>();

    CachingRs256KeySelector(JWKSource<SecurityContext> source) {
        this.source = source;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
            if (converted.size() > MAX_CACHED_KEYS) {
                converted.clear();
            }
            keys.addAll(converted.computeIfAbsent(jwk, CachingRs256KeySelector::publicKeys));
        }
        return keys;
    }

    private static List<Key> publicKeys(JWK jwk) {
        return KeyConverter.toJavaKeys(List.of(jwk)).stream().filter(PublicKey.class::isInstance).toList();
    }
}
