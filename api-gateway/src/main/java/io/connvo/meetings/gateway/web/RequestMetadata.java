package io.connvo.meetings.gateway.web;

import io.connvo.meetings.gateway.security.Caller;
import io.connvo.meetings.platform.CorrelationMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.messaging.MetaData;

/**
 * The metadata every command and query of a request carries: {@code actor} (the caller's {@code sub}),
 * {@code correlationId} (a new id per request, also returned as {@code X-Correlation-Id}) and {@code traceId}
 * (the W3C {@code traceparent} trace id, else a well-formed {@code X-Request-Id}, else the correlation id).
 */
final class RequestMetadata {

    private static final String ATTRIBUTE = RequestMetadata.class.getName();
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestMetadata() {
    }

    static MetaData of(HttpServletRequest request, Caller caller) {
        String correlationId = correlationId(request);
        return MetaData.from(Map.of(
                CorrelationMetadata.ACTOR, caller.userId().value(),
                CorrelationMetadata.CORRELATION_ID, correlationId,
                CorrelationMetadata.TRACE_ID, traceId(request, correlationId)));
    }

    /** The request's correlation id, made on first use and kept on the request for the error handler. */
    static String correlationId(HttpServletRequest request) {
        Object existing = request.getAttribute(ATTRIBUTE);
        if (existing instanceof String id) {
            return id;
        }
        String id = UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    private static String traceId(HttpServletRequest request, String fallback) {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            Matcher m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).chars().allMatch(c -> c == '0')) {
                return m.group(1);
            }
        }
        String requestId = request.getHeader("X-Request-Id");
        if (requestId != null && REQUEST_ID.matcher(requestId).matches()) {
            return requestId;
        }
        return fallback;
    }
}
