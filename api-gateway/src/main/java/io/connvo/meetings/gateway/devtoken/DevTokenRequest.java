package io.connvo.meetings.gateway.devtoken;

import io.connvo.meetings.gateway.web.StrictBody;
import java.util.List;

/**
 * The body of {@code POST /dev/tokens}, read strictly: no unknown or repeated field, no number for a string.
 *
 * @param sub          the user id the token is for (required)
 * @param role         the {@code role} claim, e.g. {@code admin}; optional
 * @param entitlements the {@code entitlements} claim; optional
 * @param ttlSeconds   lifetime in seconds; optional, default {@code connvo.dev-tokens.default-ttl}
 */
public record DevTokenRequest(String sub, String role, List<String> entitlements, Long ttlSeconds)
        implements StrictBody {
}
