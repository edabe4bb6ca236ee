package io.connvo.meetings.saga.getstream;

import io.connvo.meetings.api.Text;

/**
 * A failed GetStream call. {@code retryable} is true for 5xx, 429, 408, timeouts, connection failures and an
 * open circuit; false for other 4xx answers and requests GetStream can never accept.
 */
public class GetStreamException extends RuntimeException {

    private final String operation;
    private final boolean retryable;
    private final Integer status;

    public GetStreamException(String operation, String message, boolean retryable, Integer status, Throwable cause) {
        super(Text.foreign(operation + " failed: " + message), cause); // GetStream's text goes on into events and views
        this.operation = operation;
        this.retryable = retryable;
        this.status = status;
    }

    public static GetStreamException circuitOpen(String operation) {
        return new GetStreamException(operation, "GetStream circuit breaker is open", true, null, null);
    }

    public String operation() {
        return operation;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status GetStream answered with, or null when no answer came. */
    public Integer status() {
        return status;
    }
}
