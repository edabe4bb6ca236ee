package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A route's arguments are its body's {@code args}, so a query string on a route is refused (VALIDATION_ERROR naming
 * {@code query}) rather than passed over as if the client had not sent it. The query is not parsed: a malformed
 * one is refused the same way.
 */
class NoQueryParameters implements HandlerInterceptor {

    static final String ROUTES = "/api/run/**";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getQueryString() != null && request.getDispatcherType() != DispatcherType.ERROR) {
            throw MeetingException.validation("query", "The routes take no query parameters: send them in args");
        }
        return true;
    }
}
