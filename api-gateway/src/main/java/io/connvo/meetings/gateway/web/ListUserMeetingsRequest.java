package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.MeetingState;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of listUserMeetings: every argument is optional, {@code {"args": {}}} lists the newest 20. */
@Schema(requiredProperties = "args")
public record ListUserMeetingsRequest(Args args) implements RunRequest {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_CURSOR = 512;

    public ListUserMeetingsRequest {
        RunRequest.required("args", args);
    }

    /**
     * @param state  only meetings in this state
     * @param cursor {@code nextCursor} of the previous page
     * @param limit  page size, 1 to 100 (default 20)
     */
    @Schema(name = "ListUserMeetingsArgs")
    public record Args(MeetingState state, String cursor,
                       @Schema(minimum = "1", maximum = "100", defaultValue = "20") Integer limit) {

        public Args {
            RunRequest.optionalText("cursor", cursor, MAX_CURSOR);
        }

        int pageSize() {
            return limit == null ? DEFAULT_LIMIT : limit;
        }
    }
}
