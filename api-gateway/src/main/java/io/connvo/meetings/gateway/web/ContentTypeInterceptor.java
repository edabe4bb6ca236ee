package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every route takes plain JSON, so a request that declares any other {@code Content-Type} is refused before an
 * argument is read, as the VALIDATION_ERROR of {@link ApiExceptionHandler} for an unsupported content type, and one
 * that declares a {@code Content-Encoding} (gzip, br, ...) as a VALIDATION_ERROR naming that header: nothing
 * decodes it, so a compressed body was read as text and a plain one declared compressed was accepted.
 * Reading first is what gave HTTP 500s: Spring fails with an IllegalArgumentException on a wildcard type
 * ({@code *}{@code /*}), and Tomcat on a form body that is not valid percent-encoded UTF-8. Error dispatches
 * pass, so that they can answer.
 */
class ContentTypeInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotSupportedException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true;
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !"identity".equalsIgnoreCase(encoding.strip())) {
            throw MeetingException.validation(HttpHeaders.CONTENT_ENCODING,
                    "Content-Encoding is not supported: send the body uncompressed");
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || isJson(contentType)) {
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
