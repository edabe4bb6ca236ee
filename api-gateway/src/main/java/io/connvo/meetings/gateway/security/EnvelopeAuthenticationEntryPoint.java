package io.connvo.meetings.gateway.security;

import io.connvo.meetings.api.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a missing or invalid bearer token with HTTP 401, {@code WWW-Authenticate: Bearer} (with Spring's
 * RFC 6750 error attributes) and the UNAUTHORIZED envelope. Also the failure handler of the bearer token
 * filter: a token that could not be checked at all (signing keys unreachable) is a fault of ours, an
 * HTTP 500 INTERNAL_ERROR, not the client's.
 */
final class EnvelopeAuthenticationEntryPoint implements AuthenticationEntryPoint, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeAuthenticationEntryPoint.class);

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final EnvelopeWriter writer;

    EnvelopeAuthenticationEntryPoint(EnvelopeWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException failure) throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            log.error("Bearer token could not be verified", failure);
            writer.write(request, response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR,
                    "Token verification is unavailable, try again later");
            return;
        }
        bearer.commence(request, response, failure);
        String message = failure instanceof OAuth2AuthenticationException
                ? "Invalid or expired token" : "Authentication required";
        // Spring answers some token errors (e.g. several tokens in one request) with 400: all are 401 here.
        writer.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED, message);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        commence(request, response, failure);
    }
}
