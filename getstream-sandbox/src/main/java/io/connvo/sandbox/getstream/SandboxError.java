package io.connvo.sandbox.getstream;

/** A request GetStream would refuse: answered with its error JSON, {@code code} being GetStream's error code. */
final class SandboxError extends RuntimeException {

    static final int INPUT_ERROR = 4;
    static final int AUTH_FAILED = 5;
    static final int ACCESS_KEY_ERROR = 2;
    static final int RATE_LIMITED = 9;
    static final int NOT_FOUND = 16;
    static final int NOT_ALLOWED = 17;
    static final int INTERNAL = -1;

    final int status;
    final int code;

    SandboxError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /**
     * The error GetStream sends for an HTTP status the sandbox was told to answer, with {@code message} in place of
     * GetStream's own unless it is null.
     */
    static SandboxError injected(int status, String message) {
        SandboxError usual = switch (status) {
            case 401 -> new SandboxError(status, AUTH_FAILED, "injected: authentication failed");
            case 404 -> new SandboxError(status, NOT_FOUND, "injected: not found");
            case 429 -> new SandboxError(status, RATE_LIMITED, "Too many requests, check response headers for more information.");
            default -> status < 500
                    ? new SandboxError(status, INPUT_ERROR, "injected: request refused with " + status)
                    : new SandboxError(status, INTERNAL, "injected: server error " + status);
        };
        return message == null ? usual : new SandboxError(status, usual.code, message);
    }
}
