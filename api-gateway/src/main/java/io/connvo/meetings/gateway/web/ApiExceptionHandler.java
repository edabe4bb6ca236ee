package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.Causes;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure of a route as the HTTP contract's envelope. Rule violations keep their code, message and metadata
 * ({@link MeetingException#detailsOf}, locally and across Axon Server); unreadable bodies become
 * VALIDATION_ERROR naming the field; a bus that cannot be reached is SERVICE_UNAVAILABLE (HTTP 503, Retry-After,
 * see {@link BusUnavailable}); anything unexpected is INTERNAL_ERROR with a generic message (the cause is
 * logged with the correlation id the response carries, never sent).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final UnavailableProperties unavailable;

    ApiExceptionHandler(UnavailableProperties unavailable) {
        this.unavailable = unavailable;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiResponse<Void>> unreadable(HttpMessageNotReadableException e) {
        return ApiResponse.failure(RequestErrors.fromReadFailure(e)
                .or(() -> MeetingException.detailsOf(e))
                .orElseGet(() -> RequestErrors.validation(RequestErrors.BODY, "body is required")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiResponse<Void>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ApiResponse.failure(RequestErrors.validation("Content-Type", "Content-Type must be application/json"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiResponse<Void>> method(HttpRequestMethodNotSupportedException e) {
        return ApiResponse.failure(RequestErrors.validation("method", "Use " + String.join(" or ",
                Optional.ofNullable(e.getSupportedMethods()).orElse(new String[] {"POST"}))));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiResponse<Void>> noRoute(NoResourceFoundException e) {
        return ApiResponse.failure(new ErrorDetails(ErrorCode.NOT_FOUND, "No such route", Map.of()));
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ApiResponse<Void>> unauthenticated(AuthenticationException e) {
        return ApiResponse.failure(new ErrorDetails(ErrorCode.UNAUTHORIZED, "Authentication required", Map.of()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiResponse<Void>> denied(AccessDeniedException e) {
        return ApiResponse.failure(new ErrorDetails(ErrorCode.INSUFFICIENT_PERMISSIONS, "Not allowed", Map.of()));
    }

    @ExceptionHandler(Throwable.class)
    ResponseEntity<ApiResponse<Void>> failure(Throwable e, HttpServletRequest request) {
        if (BusUnavailable.isUnavailable(e)) {
            log.warn("{} {}: the command or query bus cannot be reached: {}", request.getMethod(),
                    request.getRequestURI(), e.toString());
            return ApiResponse.failure(new ErrorDetails(ErrorCode.SERVICE_UNAVAILABLE,
                    "The service is temporarily unavailable; try again shortly",
                    Map.of("retryAfterMs", unavailable.retryAfter().toMillis())));
        }
        Optional<ErrorDetails> known = MeetingException.detailsOf(e).or(() -> axonFailure(e));
        if (known.isPresent() && known.get().code() != ErrorCode.INTERNAL_ERROR) {
            return ApiResponse.failure(known.get());
        }
        String correlationId = RequestMetadata.correlationId(request);
        log.error("Unexpected failure of {} {} (correlationId {})", request.getMethod(), request.getRequestURI(),
                correlationId, e);
        return ApiResponse.failure(new ErrorDetails(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred",
                Map.of("correlationId", correlationId)));
    }

    /** A timeout of Axon's, the one failure the domain does not classify ({@link MeetingException#detailsOf}). */
    private static Optional<ErrorDetails> axonFailure(Throwable failure) {
        return Causes.find(failure, TimeoutException.class).map(timeout -> new ErrorDetails(
                ErrorCode.EXTERNAL_SERVICE_TIMEOUT, "The request did not complete in time; its outcome is unknown", Map.of()));
    }
}
