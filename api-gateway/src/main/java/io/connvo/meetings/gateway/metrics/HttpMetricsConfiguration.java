package io.connvo.meetings.gateway.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * HTTP metrics by route and envelope error code: Spring's {@code http.server.requests} (tagged {@code uri} with
 * the route pattern) gains a {@code code} tag.
 */
@Configuration(proxyBeanMethods = false)
class HttpMetricsConfiguration {

    static final String CODE = "code";

    @Bean
    ServerRequestObservationConvention envelopeCodeConvention() {
        return new DefaultServerRequestObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
                return super.getLowCardinalityKeyValues(context)
                        .and(KeyValue.of(CODE, EnvelopeCodes.of(context.getCarrier())));
            }
        };
    }
}
