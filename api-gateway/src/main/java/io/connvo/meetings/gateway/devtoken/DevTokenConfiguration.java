package io.connvo.meetings.gateway.devtoken;

import io.connvo.meetings.gateway.security.GatewaySecurityProperties;
import io.connvo.meetings.gateway.security.PublicPaths;
import io.connvo.meetings.platform.DaemonThreads;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The development token issuer, for trying the API locally. Nothing of it exists unless
 * {@code connvo.dev-tokens.enabled=true}; when enabled, the gateway's JWT decoder trusts its key directly
 * (see {@link io.connvo.meetings.gateway.security.LocalJwks}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("connvo.dev-tokens.enabled")
@EnableConfigurationProperties(DevTokenProperties.class)
public class DevTokenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevTokenConfiguration.class);

    @Bean
    DevTokenKeys devTokenKeys(@Value("${connvo.data-dir}") Path dataDir) {
        DevTokenKeys keys = DevTokenKeys.loadOrCreate(dataDir, DaemonThreads.threadPerTask("dev-token-key"));
        log.warn("DEVELOPMENT TOKEN ISSUER ENABLED (connvo.dev-tokens.enabled=true): any local process can mint "
                + "tokens for any user at POST {} (key in {}). Never enable this in production.",
                DevTokenController.TOKENS_PATH, dataDir.resolve(DevTokenKeys.FILE_NAME).toAbsolutePath());
        return keys;
    }

    @Bean
    DevTokenIssuer devTokenIssuer(DevTokenKeys keys, GatewaySecurityProperties security) {
        return new DevTokenIssuer(keys, security, Clock.systemUTC());
    }

    @Bean
    PublicPaths devTokenPaths() {
        return () -> List.of(DevTokenController.JWKS_PATH, DevTokenController.TOKENS_PATH);
    }
}
