package io.connvo.meetings.gateway.metrics;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.gateway.web.ApiResponse;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Notes the error code of every envelope a controller or exception handler writes (see {@link EnvelopeCodes}), and
 * counts rate-limit refusals by route ({@code connvo.rate.limit.refusals}).
 */
@ControllerAdvice
class EnvelopeCodeAdvice implements ResponseBodyAdvice<Object> {

    private final MeterRegistry meters;

    EnvelopeCodeAdvice(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ApiResponse<?> envelope && envelope.errorData() instanceof ApiResponse.ErrorData error
                && request instanceof ServletServerHttpRequest servlet) {
            HttpServletRequest http = servlet.getServletRequest();
            EnvelopeCodes.record(http, error.code());
            if (error.code() == ErrorCode.RATE_LIMIT_EXCEEDED) {
                Object route = http.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                meters.counter("connvo.rate.limit.refusals", "uri", route == null ? "UNKNOWN" : route.toString())
                        .increment();
            }
        }
        return body;
    }
}
