package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The one response envelope of the gateway (the HTTP contract): success is HTTP 200 with {@code status "success"},
 * {@code errorMessage ""}, {@code errorData {}} and the {@code value}; a failure carries {@link ErrorData}
 * and no value.
 */
@Schema(requiredProperties = "status")
public record ApiResponse<T>(
        @Schema(allowableValues = {"success", "error"}) String status,
        String errorMessage,
        @Schema(implementation = ErrorData.class, description = "{} on success") Object errorData,
        @JsonInclude(JsonInclude.Include.NON_NULL) T value) {

    /** The {@code errorData} of a failed operation. */
    public record ErrorData(ErrorCode code, String message, int statusCode, Map<String, Object> metadata) {
    }

    public static <T> ApiResponse<T> success(T value) {
        return new ApiResponse<>("success", "", Map.of(), value);
    }

    public static ApiResponse<Void> error(ErrorDetails details) {
        return new ApiResponse<>("error", details.message(),
                new ErrorData(details.code(), details.message(), details.statusCode(), details.metadata()), null);
    }

    /**
     * The HTTP status of a failure: 401 for UNAUTHORIZED, 503 for SERVICE_UNAVAILABLE, 500 for INTERNAL_ERROR, 400
     * for every other failed operation (as the seeds document); {@code errorData.statusCode} carries the finer status.
     */
    public static HttpStatus httpStatus(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case SERVICE_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    /**
     * The failure as a response entity, with {@code Retry-After} whenever it says when to try again
     * ({@code retryAfterMs}: rate limits, unavailability, a request still executing under the same idempotency key)
     * and {@code WWW-Authenticate} for 401.
     */
    public static ResponseEntity<ApiResponse<Void>> failure(ErrorDetails details) {
        HttpHeaders headers = new HttpHeaders();
        if (details.metadata().get("retryAfterMs") instanceof Number retryAfterMs) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfterMs.longValue())));
        }
        if (details.code() == ErrorCode.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return ResponseEntity.status(httpStatus(details.code())).headers(headers).body(error(details));
    }

    /** Seconds, rounded up, at least 1 (a zero would invite an immediate retry that fails again). */
    static long retryAfterSeconds(long retryAfterMs) {
        return Math.max(1, (retryAfterMs + 999) / 1000);
    }
}
