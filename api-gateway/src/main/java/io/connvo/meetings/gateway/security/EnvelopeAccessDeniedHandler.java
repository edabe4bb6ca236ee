package io.connvo.meetings.gateway.security;

import io.connvo.meetings.api.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Filter-level access denials as the envelope. Our routes authorize in the domain (INSUFFICIENT_PERMISSIONS
 * from the aggregate), so this answers only requests the filter chain itself refuses.
 */
final class EnvelopeAccessDeniedHandler implements AccessDeniedHandler {

    private final EnvelopeWriter writer;

    EnvelopeAccessDeniedHandler(EnvelopeWriter writer) {
        this.writer = writer;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException denied) throws IOException {
        writer.write(request, response, HttpServletResponse.SC_FORBIDDEN, ErrorCode.INSUFFICIENT_PERMISSIONS,
                "Access denied");
    }
}
