package io.connvo.meetings.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.Tier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** The tier rule and the reading of the role and entitlement claims. */
class CallersTest {

    private final Callers callers = new Callers(properties("pro", Set.of("admin", "owner")));

    @Test
    void noRoleAndNoEntitlementIsFree() {
        Caller caller = callers.from(jwt(Map.of()));

        assertThat(caller.userId().value()).isEqualTo("user_1");
        assertThat(caller.tier()).isEqualTo(Tier.FREE);
        assertThat(caller.roles()).isEmpty();
        assertThat(caller.entitlements()).isEmpty();
    }

    @Test
    void thePaidEntitlementMakesPaid() {
        assertThat(callers.from(jwt(Map.of("entitlements", List.of("basic", "pro")))).tier()).isEqualTo(Tier.PAID);
        assertThat(callers.from(jwt(Map.of("entitlements", List.of("basic")))).tier()).isEqualTo(Tier.FREE);
    }

    @Test
    void aPaidRoleMakesPaidAsStringOrArray() {
        assertThat(callers.from(jwt(Map.of("role", "admin"))).tier()).isEqualTo(Tier.PAID);
        assertThat(callers.from(jwt(Map.of("role", "owner"))).tier()).isEqualTo(Tier.PAID);
        assertThat(callers.from(jwt(Map.of("role", List.of("member", "owner")))).tier()).isEqualTo(Tier.PAID);
        assertThat(callers.from(jwt(Map.of("role", "member"))).tier()).isEqualTo(Tier.FREE);
    }

    @Test
    void withoutAConfiguredEntitlementOnlyRolesMakePaid() {
        Callers noEntitlement = new Callers(properties(null, Set.of("admin")));

        assertThat(noEntitlement.from(jwt(Map.of("entitlements", List.of("pro")))).tier()).isEqualTo(Tier.FREE);
        assertThat(noEntitlement.from(jwt(Map.of("role", "admin"))).tier()).isEqualTo(Tier.PAID);
    }

    @Test
    void claimsOfOtherShapesCountAsAbsent() {
        Caller caller = callers.from(jwt(Map.of("role", 42, "entitlements", List.of(1, "pro"))));

        assertThat(caller.roles()).isEmpty();
        assertThat(caller.entitlements()).containsExactly("pro");
        assertThat(caller.tier()).isEqualTo(Tier.PAID);
    }

    @Test
    void adminAndAuditorRolesComeFromConfiguration() {
        Caller admin = callers.from(jwt(Map.of("role", "admin")));
        Caller auditor = callers.from(jwt(Map.of("role", List.of("auditor"))));

        assertThat(admin.roles()).containsExactly("admin");
        assertThat(callers.isAdmin(admin)).isTrue();
        assertThat(callers.isAuditor(admin)).isFalse();
        assertThat(callers.isAdmin(auditor)).isFalse();
        assertThat(callers.isAuditor(auditor)).isTrue();
    }

    private static GatewaySecurityProperties properties(String paidEntitlement, Set<String> paidRoles) {
        return new GatewaySecurityProperties(List.of("https://issuer/"), "aud", URI.create("http://127.0.0.1/jwks"),
                Duration.ofSeconds(60), paidEntitlement, paidRoles, Set.of("admin"), Set.of("auditor"), Duration.ofMinutes(5), Duration.ofSeconds(30), 8192);
    }

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("token").header("alg", "RS256").subject("user_1")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }
}
