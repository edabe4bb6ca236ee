package io.connvo.meetings.gateway.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request whose {@code Content-Type} is not one concrete media type ({@code *}{@code /*},
 * {@code application/*}, unparseable) before any argument is read: Spring would otherwise fail on it with an
 * IllegalArgumentException while reading the body, an HTTP 500. The refusal is the VALIDATION_ERROR of
 * {@link ApiExceptionHandler} for an unsupported content type. Error dispatches pass, so they can answer.
 */
class ContentTypeInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotSupportedException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || request.getDispatcherType() == DispatcherType.ERROR) {
            return true;
        }
        try {
            if (MediaType.parseMediaType(contentType).isConcrete()) {
                return true;
            }
        } catch (InvalidMediaTypeException e) {
            // refused below, like a wildcard
        }
        throw new HttpMediaTypeNotSupportedException("Content-Type is not one concrete media type");
    }
}
