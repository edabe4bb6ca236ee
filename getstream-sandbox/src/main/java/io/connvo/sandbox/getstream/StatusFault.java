package io.connvo.sandbox.getstream;

/**
 * An injected answer for one endpoint: {@code status} for the next {@code times} requests, or for every
 * request while {@code times} is negative.
 */
public record StatusFault(int status, int times) {

    public StatusFault {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("fault status must be 4xx or 5xx: " + status);
        }
    }

    public static StatusFault next(int status, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        return new StatusFault(status, times);
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
}
