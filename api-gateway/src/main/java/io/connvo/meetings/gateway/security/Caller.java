package io.connvo.meetings.gateway.security;

import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated user of a request, read from a verified JWT. Any controller method can take a
 * {@code Caller caller} parameter (see {@link CallerArgumentResolver}).
 *
 * @param userId       the token's {@code sub} (a WorkOS user id)
 * @param tier         paid or free, by the rule of {@link Callers}
 * @param roles        the token's {@code role} claim (a string or an array of strings); empty if absent
 * @param entitlements the token's {@code entitlements} claim; empty if absent
 */
public record Caller(UserId userId, Tier tier, Set<String> roles, Set<String> entitlements) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tier, "tier");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        entitlements = entitlements == null ? Set.of() : Set.copyOf(entitlements);
    }
}
