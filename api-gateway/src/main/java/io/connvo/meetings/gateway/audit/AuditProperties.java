package io.connvo.meetings.gateway.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit endpoints ({@code connvo.audit.*}).
 *
 * @param defaultPageSize events per page when the request names no {@code limit} (default 100)
 * @param maxPageSize     the largest {@code limit} accepted (default 500); larger is a VALIDATION_ERROR
 */
@ConfigurationProperties("connvo.audit")
public record AuditProperties(@DefaultValue("100") int defaultPageSize, @DefaultValue("500") int maxPageSize) {

    public AuditProperties {
        if (maxPageSize < 1 || defaultPageSize < 1 || defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException(
                    "connvo.audit: need 1 <= default-page-size <= max-page-size, got " + defaultPageSize + " and " + maxPageSize);
        }
    }
}
