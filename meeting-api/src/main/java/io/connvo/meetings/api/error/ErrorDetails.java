package io.connvo.meetings.api.error;

import java.util.Map;

/**
 * What a rejected command or query tells its caller. It travels as the {@code details} of Axon's
 * handler execution exceptions, so it reaches the gateway intact across Axon Server too.
 *
 * @param metadata extra facts for the client, e.g. {@code field} for validation errors or
 *                 {@code retryAfterMs} for rate limits; never null
 */
public record ErrorDetails(ErrorCode code, String message, Map<String, Object> metadata) {

    public ErrorDetails {
        if (code == null) {
            throw new IllegalArgumentException("code is required");
        }
        message = message == null ? "" : message;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public int statusCode() {
        return code.statusCode();
    }
}
