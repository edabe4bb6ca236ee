package io.connvo.meetings.gateway.devtoken;

import io.connvo.meetings.api.Text;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.web.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dev/jwks.json}: the development issuer's public key. {@code POST /dev/tokens}: a signed token
 * for any subject, answered only to requests from the loopback address that no proxy forwarded; anyone
 * else gets 404.
 */
@RestController
@ConditionalOnBooleanProperty("connvo.dev-tokens.enabled")
public class DevTokenController {

    static final String JWKS_PATH = "/dev/jwks.json";
    static final String TOKENS_PATH = "/dev/tokens";
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

    private final DevTokenKeys keys;
    private final DevTokenIssuer issuer;
    private final DevTokenProperties properties;

    public DevTokenController(DevTokenKeys keys, DevTokenIssuer issuer, DevTokenProperties properties) {
        this.keys = keys;
        this.issuer = issuer;
        this.properties = properties;
    }

    @GetMapping(JWKS_PATH)
    public Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject();
    }

    @PostMapping(TOKENS_PATH)
    public ResponseEntity<?> mint(@RequestBody DevTokenRequest body, HttpServletRequest request) {
        if (!isDirectLoopback(request)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(ApiResponse.error(new ErrorDetails(ErrorCode.NOT_FOUND, "Not found", Map.of())));
        }
        try {
            validate(body);
            Duration ttl = body.ttlSeconds() == null ? properties.defaultTtl() : Duration.ofSeconds(body.ttlSeconds());
            return ResponseEntity.ok(Map.of("token", issuer.mint(body.sub(), body.role(), body.entitlements(), ttl)));
        } catch (MeetingException refused) { // an invalid body, or one that would make a token the gateway refuses
            return ApiResponse.failure(refused.details());
        }
    }

    private void validate(DevTokenRequest body) {
        if (body == null || body.sub() == null || body.sub().isBlank()) {
            throw MeetingException.validation("sub", "sub is required");
        }
        UserId user;
        try {
            user = new UserId(body.sub());
        } catch (MeetingException invalid) {
            throw MeetingException.validation("sub", "sub has an invalid format");
        }
        if (user.isSystem()) {
            throw MeetingException.validation("sub", "sub must not be a system actor");
        }
        if (body.role() != null && body.role().isBlank()) {
            throw MeetingException.validation("role", "role must not be blank");
        }
        Text.line("role", body.role());
        for (String entitlement : body.entitlements() == null ? List.<String>of() : body.entitlements()) {
            if (entitlement == null || entitlement.isBlank()) {
                throw MeetingException.validation("entitlements", "entitlements must be non-blank strings");
            }
            Text.line("entitlements", entitlement);
        }
        long maxSeconds = properties.maxTtl().toSeconds();
        if (body.ttlSeconds() != null && (body.ttlSeconds() < 1 || body.ttlSeconds() > maxSeconds)) {
            throw MeetingException.validation("ttlSeconds", "ttlSeconds must be between 1 and " + maxSeconds);
        }
    }

    static boolean isDirectLoopback(HttpServletRequest request) {
        if (FORWARDING_HEADERS.stream().anyMatch(header -> request.getHeader(header) != null)) {
            return false;
        }
        try {
            // an IP literal: no name lookup happens
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
