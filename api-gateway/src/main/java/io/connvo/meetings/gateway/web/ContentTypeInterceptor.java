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
 * Every route takes JSON, so a request that declares any other {@code Content-Type} is refused before an
 * argument is read, as the VALIDATION_ERROR of {@link ApiExceptionHandler} for an unsupported content type.
 * Reading first is what gave HTTP 500s: Spring fails with an IllegalArgumentException on a wildcard type
 * ({@code *}{@code /*}), and Tomcat on a form body that is not valid percent-encoded UTF-8. Error dispatches
 * pass, so that they can answer.
 */
class ContentTypeInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotSupportedException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || request.getDispatcherType() == DispatcherType.ERROR || isJson(contentType)) {
            return true;
        }
        throw new HttpMediaTypeNotSupportedException("Content-Type is not JSON");
    }

    /** {@code application/json} or {@code application/<name>+json}, with or without parameters. */
    private static boolean isJson(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isConcrete() && "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
