package io.connvo.meetings.query;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.error.MeetingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a user's meetings stopped: the last meeting's creation instant and id (the sort key, so a page
 * never repeats or skips a meeting created meanwhile). Opaque to clients: base64url of {@code <instant>|<id>}.
 */
record UserMeetingCursor(Instant createdAt, MeetingId meetingId) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + meetingId.value()).getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor this service produced; anything else is a VALIDATION_ERROR naming {@code cursor}. */
    static UserMeetingCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new UserMeetingCursor(Instant.parse(text.substring(0, bar)), new MeetingId(text.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw MeetingException.validation("cursor", "cursor is not one this service returned");
        }
    }
}
