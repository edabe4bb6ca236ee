package io.connvo.meetings.platform;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing and log context shared by every service. Axon's spans (command dispatch and handling, event
 * publication and processing, sagas, deadlines) are made on the same OpenTelemetry SDK as Micrometer Tracing's, so
 * they join the HTTP request's trace instead of the global no-op instance Axon would use by default.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
class Observability {

    @Bean
    SpanFactory axonSpanFactory(OpenTelemetry openTelemetry) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("AxonFramework-OpenTelemetry"))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build();
    }

    /** OTLP export to {@code connvo.tracing.otlp-endpoint}; Spring's exporter exists only with connection details. */
    @Bean
    @ConditionalOnProperty("connvo.tracing.otlp-endpoint")
    OtlpTracingConnectionDetails connvoOtlpTracing(TracingProperties properties) {
        return transport -> properties.otlpEndpoint().toString();
    }

    @Bean
    LogContext logContext() {
        return new LogContext();
    }
}
