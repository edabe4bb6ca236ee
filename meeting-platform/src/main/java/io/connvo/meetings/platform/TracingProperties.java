package io.connvo.meetings.platform;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trace export ({@code connvo.tracing.*}).
 *
 * @param otlpEndpoint where spans go over OTLP/HTTP, e.g. {@code http://collector:4318/v1/traces}
 *                     (env {@code CONNVO_TRACING_OTLP_ENDPOINT}); default none: spans are made (so logs carry trace
 *                     ids and traces continue across services) but not exported. Spring's own
 *                     {@code management.opentelemetry.tracing.export.otlp.endpoint} works as well.
 */
@ConfigurationProperties("connvo.tracing")
public record TracingProperties(URI otlpEndpoint) {
}
