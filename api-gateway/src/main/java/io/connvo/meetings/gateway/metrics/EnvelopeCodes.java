package io.connvo.meetings.gateway.metrics;

import io.connvo.meetings.api.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The envelope error code a request was answered with, kept on the request so that the HTTP metrics can tag it
 * ({@code code} on {@code http.server.requests}); {@code none} for a success.
 */
public final class EnvelopeCodes {

    static final String ATTRIBUTE = EnvelopeCodes.class.getName();
    static final String NONE = "none";

    private EnvelopeCodes() {
    }

    public static void record(HttpServletRequest request, ErrorCode code) {
        request.setAttribute(ATTRIBUTE, code.name());
    }

    static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String code ? code : NONE;
    }
}
