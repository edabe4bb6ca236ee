package io.connvo.sandbox.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Checks a server token as GetStream does: a compact JWS, HS256, signed with the API secret, not expired.
 * The sandbox has no JWT library on purpose; HS256 is one HMAC.
 */
final class StreamJwtVerifier {

    private static final long LEEWAY_SECONDS = 5;

    private final String secret;
    private final ObjectMapper json;
    private final Clock clock;

    StreamJwtVerifier(String secret, ObjectMapper json, Clock clock) {
        this.secret = secret;
        this.json = json;
        this.clock = clock;
    }

    /** Null when the token is valid, else why not. */
    String problem(String token) {
        if (token == null || token.isBlank()) {
            return "Authorization header is missing";
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3) {
            return "token is not a valid JWT";
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = json.readTree(decoder.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                return "token algorithm must be HS256";
            }
            byte[] expected = Hmac.sha256(secret, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, decoder.decode(parts[2]))) {
                return "token signature is invalid";
            }
            JsonNode claims = json.readTree(decoder.decode(parts[1]));
            if (claims.has("exp") && claims.get("exp").asLong() + LEEWAY_SECONDS < clock.instant().getEpochSecond()) {
                return "token is expired";
            }
            return null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return "token is not a valid JWT";
        }
    }
}
