package io.connvo.sandbox.getstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Checks a token as GetStream does: a compact JWS, HS256, signed with the API secret, not expired. A user token
 * (what client SDKs join calls with) also names its user in {@code user_id}, and a call token lists the calls it
 * is good for in {@code call_cids}. The sandbox has no JWT library on purpose; HS256 is one HMAC.
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
        Object checked = check(token);
        return checked instanceof String problem ? problem : null;
    }

    /** Null when the token is a valid user token that may act on the call {@code cid}, else why not. */
    String userProblem(String token, String cid) {
        Object checked = check(token);
        if (checked instanceof String problem) {
            return problem;
        }
        JsonNode claims = (JsonNode) checked;
        if (claims.path("user_id").asText("").isBlank()) {
            return "a user token needs the user_id claim";
        }
        JsonNode callCids = claims.get("call_cids");
        if (callCids != null && !callCids.isNull()) {
            for (JsonNode allowed : callCids) {
                if (cid.equals(allowed.asText())) {
                    return null;
                }
            }
            return "token is not valid for call " + cid;
        }
        return null;
    }

    /** The {@code user_id} of a token {@link #userProblem} accepted. */
    String userId(String token) {
        return ((JsonNode) check(token)).path("user_id").asText();
    }

    /** The claims of a valid token, or why it is not valid. */
    private Object check(String token) {
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
            return claims;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return "token is not a valid JWT";
        }
    }
}
