package io.connvo.sandbox.getstream;

import java.util.Optional;

/** The GetStream video endpoints the sandbox speaks, below {@code /api/v2/video/call/{type}/{id}}. */
public enum Endpoint {
    GET_OR_CREATE_CALL("POST", ""),
    GET_CALL("GET", ""),
    UPDATE_CALL("PATCH", ""),
    START_RECORDING("POST", "start_recording"),
    STOP_RECORDING("POST", "stop_recording"),
    LIST_RECORDINGS("GET", "recordings"),
    START_TRANSCRIPTION("POST", "start_transcription"),
    STOP_TRANSCRIPTION("POST", "stop_transcription"),
    LIST_TRANSCRIPTIONS("GET", "transcriptions"),
    UPDATE_CALL_MEMBERS("POST", "members"),
    BLOCK_USER("POST", "block"),
    UNBLOCK_USER("POST", "unblock"),
    /** Ends the user's session in the call; the sandbox keeps no sessions, so it only checks the request. */
    KICK_USER("POST", "kick"),
    /** What a client SDK calls with a user token to enter the call; the only endpoint that needs one. */
    JOIN_CALL("POST", "join");

    private final String method;
    private final String action;

    Endpoint(String method, String action) {
        this.method = method;
        this.action = action;
    }

    /** The endpoint for an HTTP method and the path segment after the call id ("" for the call itself). */
    static Optional<Endpoint> match(String method, String action) {
        for (Endpoint e : values()) {
            if (e.method.equalsIgnoreCase(method) && e.action.equals(action)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
