package io.connvo.meetings.gateway.idempotency;

import io.connvo.meetings.gateway.web.GatewayProperties;
import io.connvo.meetings.platform.SingleProcessStore;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires {@link IdempotencyFilter}: the filter after security, its interceptor after the content-type check, the
 * header in the OpenAPI document of every {@link IdempotentCommand} route, and the purge of expired keys.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    private final IdempotencyFilter filter;

    IdempotencyConfiguration(IdempotencyKeys keys, IdempotencyProperties properties, GatewayProperties gateway) {
        this.filter = new IdempotencyFilter(keys, properties, gateway.maxBodySize().toBytes(), Clock.systemUTC());
    }

    /** After Spring Security's filters (order -100): the interceptor reads the authenticated caller. */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter() {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(filter.interceptor()).order(Ordered.LOWEST_PRECEDENCE);
    }

    @Bean
    IdempotencyKeyPurge idempotencyKeyPurge(IdempotencyKeys keys, IdempotencyProperties properties) {
        return new IdempotencyKeyPurge(keys, properties.purgeInterval(), Clock.systemUTC());
    }

    /**
     * A request that was executing when its process died holds its key until the lease lapses (1 min), and every
     * repeat until then waits and gets CONFLICT. Where no other process can have the store open (the standalone H2
     * file), each lease found at start-up is such a one: released before the first request, so a repeat executes at
     * once. On a shared store (PostgreSQL) the lease is the only way to tell a dead node from a slow one.
     */
    @Bean
    SmartInitializingSingleton leasesOfAProcessThatDied(IdempotencyKeys keys, DataSource dataSource) {
        return () -> {
            if (SingleProcessStore.is(dataSource)) {
                int released = keys.releaseAllLeases(Clock.systemUTC().instant());
                if (released > 0) {
                    log.info("Released {} Idempotency-Key leases of requests cut off when this store's last process "
                            + "stopped; their repeats execute at once", released);
                }
            }
        };
    }

    @Bean
    OperationCustomizer idempotencyKeyHeader() {
        return (operation, handlerMethod) -> {
            if (handlerMethod.hasMethodAnnotation(IdempotentCommand.class)) {
                operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                        .description("Makes retrying safe: a repeat with the same key, route and body (same caller) "
                                + "within connvo.idempotency.ttl (24 h) gets the first answer again, with "
                                + "`Idempotent-Replayed: true`, and acts no more; the same key with another route or "
                                + "body is a CONFLICT. A UUID per logical request is a good key.")
                        .schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]{1,255}$")));
            }
            return operation;
        };
    }
}
