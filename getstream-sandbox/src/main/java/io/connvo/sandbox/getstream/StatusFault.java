package io.connvo.sandbox.getstream;

/**
 * An injected answer for one endpoint: {@code status} for the next {@code times} requests, or for every
 * request while {@code times} is negative. {@code message} is the error message of the answer, any text at all;
 * null for the one GetStream sends for that status.
 */
public record StatusFault(int status, int times, String message) {

    public StatusFault {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("fault status must be 4xx or 5xx: " + status);
        }
    }

    public StatusFault(int status, int times) {
        this(status, times, null);
    }

    public static StatusFault next(int status, int times) {
        return next(status, times, null);
    }

    public static StatusFault next(int status, int times, String message) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        return new StatusFault(status, times, message);
    }

    public static StatusFault always(int status) {
        return new StatusFault(status, -1);
    }

    /** Parses {@code 429x3} (the next three requests) or {@code 503} (every request). */
    public static StatusFault parse(String text) {
        String[] parts = text.trim().split("x", 2);
        int status = Integer.parseInt(parts[0].trim());
        return parts.length == 1 ? always(status) : next(status, Integer.parseInt(parts[1].trim()));
    }

    /** What is left after answering one request: null when that was the last. */
    StatusFault used() {
        return times < 0 ? this : times == 1 ? null : new StatusFault(status, times - 1, message);
    }

    SandboxError error() {
        return SandboxError.injected(status, message);
    }
}
