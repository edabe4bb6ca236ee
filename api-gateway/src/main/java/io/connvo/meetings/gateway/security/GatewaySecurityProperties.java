package io.connvo.meetings.gateway.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway verifies bearer tokens ({@code connvo.security.*}). Issuers, audience and JWKS location
 * have no defaults: the application refuses to start without them.
 *
 * <p>For WorkOS (replace {@code <clientId>} with your WorkOS client id):
 * <pre>
 * connvo.security.jwks-uri: https://api.workos.com/sso/jwks/&lt;clientId&gt;
 * connvo.security.issuers:  https://api.workos.com/, https://api.workos.com/user_management/&lt;clientId&gt;
 * connvo.security.audience: the value your tokens carry in {@code aud}
 * </pre>
 *
 * @param issuers         accepted {@code iss} values (exact match; a token must carry one of them)
 * @param audience        the {@code aud} value a token must contain
 * @param jwksUri         where the signing keys are published (RS256 only is accepted)
 * @param clockSkew       tolerance for {@code exp}/{@code nbf}; default 60 s
 * @param paidEntitlement an entitlement in the {@code entitlements} claim that makes the caller paid;
 *                        none by default (then only the paid roles make a caller paid)
 * @param paidRoles       values of the {@code role} claim that make the caller paid; default {@code admin}
 * @param adminRoles      roles allowed to use admin endpoints and read any meeting's audit; default {@code admin}
 * @param auditorRoles    roles allowed to read any meeting's audit trail; default {@code auditor}
 * @param jwksCacheTtl    how long the fetched key set is used before it is fetched again; default 5 min
 * @param jwksMinRefreshInterval a token whose key id is not in the cached set makes the key set be fetched
 *                        again (that is how a rotated key is picked up), at most twice in this interval
 *                        however many such tokens arrive; default 30 s
 * @param maxTokenLength  longer bearer tokens are refused (401) without being decoded; default 8192 characters
 */
@Validated
@ConfigurationProperties("connvo.security")
public record GatewaySecurityProperties(
        @NotEmpty(message = "set connvo.security.issuers (CONNVO_SECURITY_ISSUERS), e.g. https://api.workos.com/")
        List<@NotBlank String> issuers,
        @NotBlank(message = "set connvo.security.audience (CONNVO_SECURITY_AUDIENCE)")
        String audience,
        @NotNull(message = "set connvo.security.jwks-uri (CONNVO_SECURITY_JWKS_URI), e.g. https://api.workos.com/sso/jwks/<clientId>")
        URI jwksUri,
        @DefaultValue("60s") Duration clockSkew,
        String paidEntitlement,
        @DefaultValue("admin") Set<String> paidRoles,
        @DefaultValue("admin") Set<String> adminRoles,
        @DefaultValue("auditor") Set<String> auditorRoles,
        @DefaultValue("5m") Duration jwksCacheTtl,
        @DefaultValue("30s") Duration jwksMinRefreshInterval,
        @DefaultValue("8192") @Positive int maxTokenLength) {

    public GatewaySecurityProperties {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        paidRoles = paidRoles == null ? Set.of() : Set.copyOf(paidRoles);
        adminRoles = adminRoles == null ? Set.of() : Set.copyOf(adminRoles);
        auditorRoles = auditorRoles == null ? Set.of() : Set.copyOf(auditorRoles);
    }
}
