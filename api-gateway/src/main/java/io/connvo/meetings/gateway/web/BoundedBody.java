package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read whole, but never more than its limit: one byte past it is enough to refuse it, so a client
 * cannot make the server buffer a body of any size (also before a webhook's signature is checked).
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The bytes of {@code in}; a VALIDATION_ERROR on {@code field} if there are more than {@code maxBytes}. */
    public static byte[] read(String field, InputStream in, long maxBytes) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            throw tooLarge(field, maxBytes);
        }
        return body;
    }

    /** The refusal of a body over {@code maxBytes}, also when its declared length says so before it is read. */
    public static MeetingException tooLarge(String field, long maxBytes) {
        return MeetingException.validation(field, field + " exceeds " + maxBytes + " bytes");
    }
}
