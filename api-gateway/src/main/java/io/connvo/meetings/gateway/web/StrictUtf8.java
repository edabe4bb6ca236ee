package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies are UTF-8, checked strictly before any parser sees them: Jackson's byte parser decodes some
 * invalid sequences leniently (the overlong {@code C0 AF} became {@code /}, a {@code 0xFF} inside a field name
 * was dropped). The JDK's decoder refuses overlong forms, encoded surrogates, bytes that never occur in UTF-8
 * and truncated sequences.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** Returns {@code body} unchanged if it is well-formed UTF-8; otherwise a VALIDATION_ERROR on {@code field}. */
    public static byte[] require(String field, byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body);
        try {
            decoder.decode(bytes);
            return body;
        } catch (CharacterCodingException e) {
            throw MeetingException.validation(field,
                    field + " is not valid UTF-8 (byte offset " + bytes.position() + ")");
        }
    }
}
