package io.connvo.meetings.gateway.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.error.MeetingException;
import jakarta.servlet.DispatcherType;
import java.net.MalformedURLException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer-token security of the gateway: an OAuth2 resource server accepting RS256 JWTs signed by a key of
 * the configured JWKS, issued by one of the configured issuers, for the configured audience, within their
 * validity (with clock skew), and with a user {@code sub} (never a reserved {@code system:*} actor). Stateless, no CSRF (no cookies are ever used).
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
                                                   ObjectProvider<PublicPaths> publicPaths, Callers callers,
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

    @Bean
    ManagementPort managementPort() {
        return new ManagementPort();
    }

    @Bean
    JwtDecoder jwtDecoder(GatewaySecurityProperties properties, ObjectProvider<LocalJwks> localJwks)
            throws MalformedURLException {
        JWKSource<SecurityContext> remote = JWKSourceBuilder
                .<SecurityContext>create(properties.jwksUri().toURL(), new DefaultResourceRetriever(
                        JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_SIZE_LIMIT_BYTES))
                .build();
        LocalJwks local = localJwks.getIfAvailable();
        JWKSource<SecurityContext> keys = local == null ? remote : new LocalFirstJwkSource(local.publicKeys(), remote);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new CachingRs256KeySelector(keys)))
                .build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(GatewaySecurityProperties properties) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        OAuth2TokenValidator<Jwt> issuer = new JwtClaimValidator<Object>(JwtClaimNames.ISS,
                iss -> iss != null && properties.issuers().contains(iss.toString()));
        OAuth2TokenValidator<Jwt> subject = new JwtClaimValidator<Object>(JwtClaimNames.SUB,
                GatewaySecurityConfiguration::isUserSubject);
        return JwtValidators.createDefaultWithValidators(List.of(
                timestamps, issuer, new JwtAudienceValidator(properties.audience()), subject));
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
