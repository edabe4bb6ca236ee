package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.MeetingException;
import jakarta.servlet.DispatcherType;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer-token security of the gateway: an OAuth2 resource server accepting RS256 JWTs signed by a key of
 * the configured JWKS, issued by one of the configured issuers, for the configured audience, within their
 * validity (with clock skew, also for {@code iat}), and with a user {@code sub} that is a JSON string (never a
 * reserved {@code system:*} actor). A token with an unknown key id is a 401: the key set is fetched again at most
 * twice per {@code jwks-min-refresh-interval}, and an over-long token is refused unread. A verified token is
 * remembered until it expires ({@link VerifiedTokens}). Stateless, no CSRF (no
 * cookies are ever used).
 *
 * <p>Open without a token: {@code /webhooks/**} (they carry their own signature), {@code /actuator/health/**},
 * {@code /v3/api-docs/**} and the paths of every {@link PublicPaths} bean. {@code /actuator/prometheus} needs a
 * token with an admin role (403 INSUFFICIENT_PERMISSIONS otherwise), except on a separate management port
 * ({@code management.server.port}), which is meant to be reachable only by the scraper. Everything else needs a
 * valid token; failures are HTTP 401 with {@code WWW-Authenticate: Bearer} and the UNAUTHORIZED envelope.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(GatewaySecurityProperties.class)
public class GatewaySecurityConfiguration {

    private static final List<String> OPEN_PATHS = List.of("/webhooks/**", "/actuator/health/**", "/v3/api-docs/**");
    private static final String PROMETHEUS = "/actuator/prometheus";
    private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
    private static final int JWKS_READ_TIMEOUT_MS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;

    @Bean
    SecurityFilterChain gatewaySecurityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, JsonMapper jsonMapper,
                                                   ObjectProvider<PublicPaths> publicPaths,
                                                   GatewaySecurityProperties properties, Callers callers,
                                                   ManagementPort managementPort) {
        EnvelopeWriter writer = new EnvelopeWriter(jsonMapper);
        EnvelopeAuthenticationEntryPoint entryPoint = new EnvelopeAuthenticationEntryPoint(writer);
        EnvelopeAccessDeniedHandler accessDenied = new EnvelopeAccessDeniedHandler(writer);
        String[] open = publicPaths.orderedStream()
                .flatMap(paths -> paths.patterns().stream())
                .toArray(String[]::new);
        http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers(OPEN_PATHS.toArray(String[]::new)).permitAll();
                    if (open.length > 0) {
                        requests.requestMatchers(open).permitAll();
                    }
                    requests.requestMatchers(managementPort).permitAll();
                    requests.requestMatchers(PROMETHEUS).access((authentication, context) ->
                            new AuthorizationDecision(isAdmin(authentication.get(), callers)));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(bearerTokenResolver(properties.maxTokenLength()))
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(entryPoint);
                                return filter;
                            }
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied));
        return http.build();
    }

    /**
     * Spring Security observes none of its filters, authentications or authorizations: the HTTP route's own
     * observation (metrics and span) covers the request. Switched off by a property instead, every filter stayed
     * wrapped in an observation that asked the property on each request.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ManagementPort managementPort() {
        return new ManagementPort();
    }

    @Bean
    JwtDecoder jwtDecoder(GatewaySecurityProperties properties, ObjectProvider<LocalJwks> localJwks)
            throws MalformedURLException {
        JWKSource<SecurityContext> remote = new RefreshLimitedJwkSource(JWKSourceBuilder
                .<SecurityContext>create(properties.jwksUri().toURL(), new DefaultResourceRetriever(
                        JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_SIZE_LIMIT_BYTES))
                .cache(properties.jwksCacheTtl().toMillis(), JWKS_CONNECT_TIMEOUT_MS + JWKS_READ_TIMEOUT_MS)
                .rateLimited(properties.jwksMinRefreshInterval().toMillis())
                .build());
        LocalJwks local = localJwks.getIfAvailable();
        JWKSource<SecurityContext> keys = local == null ? remote : new LocalFirstJwkSource(local, remote);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new CachingRs256KeySelector(keys)))
                .build();
        // Spring's default converts iss to a java.net.URL on every request (a URL handler lookup); the issuer
        // validator compares strings
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(
                Map.of(JwtClaimNames.ISS, iss -> iss == null ? null : iss.toString())));
        decoder.setJwtValidator(validator(properties));
        return new VerifiedTokens(decoder, properties.jwksCacheTtl(), properties.clockSkew(), Clock.systemUTC());
    }

    /**
     * Bearer tokens from the Authorization header only, refused unread when longer than the configured limit or when
     * the header is given more than once (the request would not say who calls: Tomcat hands over the first).
     */
    static BearerTokenResolver bearerTokenResolver(int maxTokenLength) {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        return request -> {
            if (Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)).size() > 1) {
                throw new InvalidBearerTokenException("Authorization is given more than once");
            }
            String token = header.resolve(request);
            if (token != null && token.length() > maxTokenLength) {
                throw new InvalidBearerTokenException("Bearer token is longer than " + maxTokenLength + " characters");
            }
            return token;
        };
    }

    static OAuth2TokenValidator<Jwt> validator(GatewaySecurityProperties properties) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        OAuth2TokenValidator<Jwt> issuer = new JwtClaimValidator<Object>(JwtClaimNames.ISS,
                iss -> iss != null && properties.issuers().contains(iss.toString()));
        OAuth2TokenValidator<Jwt> subject = new JwtClaimValidator<Object>(JwtClaimNames.SUB,
                GatewaySecurityConfiguration::isUserSubject);
        // Spring checks only exp and nbf (and its own iat validator also refuses tokens older than the skew)
        OAuth2TokenValidator<Jwt> issuedAt = new JwtClaimValidator<Object>(JwtClaimNames.IAT,
                iat -> !(iat instanceof Instant at) || !at.isAfter(Instant.now().plus(properties.clockSkew())));
        return JwtValidators.createDefaultWithValidators(List.of(timestamps, issuedAt, issuer,
                new JwtAudienceValidator(properties.audience()), subject,
                GatewaySecurityConfiguration::subjectIsAJsonString));
    }

    /**
     * Nimbus reads a numeric {@code sub} as its decimal string, so {@code 12345} would become user "12345"; the
     * claim as the token carries it (the payload of a token whose signature was just verified) must be a string.
     */
    private static OAuth2TokenValidatorResult subjectIsAJsonString(Jwt jwt) {
        try {
            if (JWSObject.parse(jwt.getTokenValue()).getPayload().toJSONObject().get(JwtClaimNames.SUB) instanceof String) {
                return OAuth2TokenValidatorResult.success();
            }
        } catch (ParseException e) {
            // not reachable for a token that was decoded; refused below like any other malformed subject
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "The sub claim must be a string", null));
    }

    private static boolean isAdmin(Authentication authentication, Callers callers) {
        return authentication != null && authentication.getPrincipal() instanceof Jwt jwt
                && callers.isAdmin(callers.from(jwt));
    }

    /** A user id of valid shape; {@code system:*} actors are reserved for our own components. */
    private static boolean isUserSubject(Object sub) {
        if (!(sub instanceof String value)) {
            return false;
        }
        try {
            return !new UserId(value).isSystem();
        } catch (MeetingException invalid) {
            return false;
        }
    }
}
