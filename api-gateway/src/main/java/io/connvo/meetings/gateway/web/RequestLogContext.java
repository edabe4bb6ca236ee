package io.connvo.meetings.gateway.web;

import io.connvo.meetings.platform.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * The logging context of a request: its {@code correlationId} (the one its commands carry) from the start, and the
 * {@code meetingId} of its {@code args} once the body is read. Micrometer Tracing adds {@code traceId}; the
 * handlers of the messages the request sends add their own (see {@link LogContext}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // just inside the HTTP observation, before security: its lines get them too
class RequestLogContext extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            MDC.put(LogContext.CORRELATION_ID, RequestMetadata.correlationId(request));
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    /** Puts the {@code meetingId} of a route's {@code args} into the logging context. */
    @ControllerAdvice
    static class MeetingOfBody extends RequestBodyAdviceAdapter {

        @Override
        public boolean supports(MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
            return RunRequest.class.isAssignableFrom(parameter.getParameterType());
        }

        @Override
        public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                    Class<? extends HttpMessageConverter<?>> converterType) {
            if (body == null || !body.getClass().isRecord()) { // a JSON null is refused later, by the route
                return body;
            }
            for (RecordComponent component : body.getClass().getRecordComponents()) {
                if (component.getName().equals("args")) {
                    try {
                        LogContext.meetingIdOf(component.getAccessor().invoke(body))
                                .ifPresent(id -> MDC.put(LogContext.MEETING_ID, id));
                    } catch (ReflectiveOperationException e) {
                        return body;
                    }
                }
            }
            return body;
        }
    }
}
