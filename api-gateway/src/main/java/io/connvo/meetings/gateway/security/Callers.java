package io.connvo.meetings.gateway.security;

import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Turns a verified token into a {@link Caller} and answers the role questions whose answers depend on
 * configuration.
 *
 * <p>Tier rule: paid if the {@code entitlements} claim contains the configured paid
 * entitlement, or a {@code role} is one of the configured paid roles; otherwise free.
 */
@Component
public class Callers {

    static final String ROLE_CLAIM = "role";
    static final String ENTITLEMENTS_CLAIM = "entitlements";

    private final GatewaySecurityProperties properties;

    public Callers(GatewaySecurityProperties properties) {
        this.properties = properties;
    }

    public Caller from(Jwt jwt) {
        Set<String> roles = strings(jwt.getClaims().get(ROLE_CLAIM));
        Set<String> entitlements = strings(jwt.getClaims().get(ENTITLEMENTS_CLAIM));
        return new Caller(new UserId(jwt.getSubject()), tierOf(roles, entitlements), roles, entitlements);
    }

    public Tier tierOf(Set<String> roles, Set<String> entitlements) {
        String paidEntitlement = properties.paidEntitlement();
        boolean entitled = paidEntitlement != null && !paidEntitlement.isBlank()
                && entitlements.contains(paidEntitlement);
        boolean paidRole = roles.stream().anyMatch(properties.paidRoles()::contains);
        return entitled || paidRole ? Tier.PAID : Tier.FREE;
    }

    public boolean isAdmin(Caller caller) {
        return caller.roles().stream().anyMatch(properties.adminRoles()::contains);
    }

    public boolean isAuditor(Caller caller) {
        return caller.roles().stream().anyMatch(properties.auditorRoles()::contains);
    }

    /** A claim that is a string or an array of strings; anything else counts as absent. */
    private static Set<String> strings(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        if (claim instanceof String value) {
            values.add(value);
        } else if (claim instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof String value) {
                    values.add(value);
                }
            }
        }
        return values;
    }
}
