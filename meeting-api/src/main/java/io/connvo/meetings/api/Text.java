package io.connvo.meetings.api;

import io.connvo.meetings.api.error.MeetingException;
import java.util.Locale;

/**
 * The input policy for text a client sends (titles, descriptions, reasons, webhook fields): any Unicode text
 * except characters that corrupt storage or what other users are shown.
 * <ul>
 *   <li>never NUL, nor any other C0 control, DEL or C1 control (multi-line text may hold tab, LF and CR, and
 *       the line and paragraph separators U+2028/U+2029);</li>
 *   <li>no unpaired surrogate and no noncharacter (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF): they are not text and
 *       stores encode them differently;</li>
 *   <li>no bidirectional embedding, override or isolate (U+202A..U+202E, U+2066..U+2069), which reorder how
 *       the text around them is displayed, and no U+FEFF byte-order mark. Marks (U+200E, U+200F, U+061C),
 *       joiners and other format characters stay allowed: scripts and emoji sequences need them.</li>
 * </ul>
 * A violation is a VALIDATION_ERROR naming the field and the first offending code point.
 */
public final class Text {

    /** The most code points of foreign text kept; {@link #foreign} cuts the rest. */
    public static final int FOREIGN_MAX = 1000;

    private Text() {
    }

    /** One line of text; {@code null} passes (presence is the caller's rule). */
    public static String line(String field, String value) {
        return check(field, value, false);
    }

    /** Text that may span lines (tab, LF, CR, U+2028, U+2029 allowed); {@code null} passes. */
    public static String multiline(String field, String value) {
        return check(field, value, true);
    }

    /**
     * Text from a system that is not ours to refuse (a provider's error message), kept as one line within the policy:
     * each character the policy refuses becomes U+FFFD, and a text longer than {@value #FOREIGN_MAX} code points is
     * cut there and ends in an ellipsis. {@code null} stays null.
     */
    public static String foreign(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(value.length(), 2 * FOREIGN_MAX));
        int count = 0;
        for (int i = 0; i < value.length(); count++) {
            int codePoint = value.codePointAt(i);
            if (count == FOREIGN_MAX - 1 && i + Character.charCount(codePoint) < value.length()) {
                return kept.append('\u2026').toString();
            }
            kept.appendCodePoint(allowed(codePoint, false) ? codePoint : '\uFFFD');
            i += Character.charCount(codePoint);
        }
        return kept.toString();
    }

    private static String check(String field, String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (!allowed(codePoint, multiline)) {
                throw MeetingException.validation(field, String.format(Locale.ROOT,
                        "%s contains a character that is not allowed (U+%04X at index %d)", field, codePoint, i));
            }
            i += Character.charCount(codePoint);
        }
        return value;
    }

    private static boolean allowed(int c, boolean multiline) {
        if (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
            return multiline;
        }
        return !(Character.getType(c) == Character.CONTROL // C0, DEL, C1
                || c <= 0xFFFF && Character.isSurrogate((char) c) // codePointAt returns a lone surrogate as itself
                || c >= 0xFDD0 && c <= 0xFDEF || (c & 0xFFFE) == 0xFFFE
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0xFEFF);
    }
}
