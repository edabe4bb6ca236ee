package io.connvo.meetings.api.error;

/**
 * The error codes of the HTTP contract. {@link #statusCode} is the HTTP-like status the error envelope
 * reports in {@code errorData.statusCode}; the response's own HTTP status is decided by the gateway.
 */
public enum ErrorCode {
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    VALIDATION_ERROR(400),
    INSUFFICIENT_PERMISSIONS(403),
    CONFLICT(409),
    RATE_LIMIT_EXCEEDED(429),
    STREAM_ERROR(502),
    EXTERNAL_SERVICE_TIMEOUT(504),
    /** The command or query bus cannot be reached (Axon Server down, no handler connected): retry later. */
    SERVICE_UNAVAILABLE(503),
    INTERNAL_ERROR(500);

    private final int statusCode;

    ErrorCode(int statusCode) {
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
