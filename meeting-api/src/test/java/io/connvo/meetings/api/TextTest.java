package io.connvo.meetings.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.meetings.api.command.CancelMeeting;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The input policy for client text, and the commands that enforce it however they are built. */
class TextTest {

    static Stream<String> refusedEverywhere() {
        return Stream.of("a\u0000b", "\u0007", "esc\u001B[31m", "del\u007F", "c1\u0085", "c1\u009F",
                "lone \uD800 high", "lone \uDC00 low", "reversed \uDC00\uD800", "\uD83D", "nonchar \uFFFF",
                "nonchar \uFFFE", "nonchar \uFDD0", "plane 1 \uD83F\uDFFF" /* U+1FFFF */,
                "override \u202E", "embedding \u202A", "isolate \u2066", "pop \u2069", "bom \uFEFF");
    }

    @ParameterizedTest
    @MethodSource("refusedEverywhere")
    void refusedInLinesAndInMultilineText(String value) {
        assertRefused(() -> Text.line("title", value), "title");
        assertRefused(() -> Text.multiline("description", value), "description");
    }

    @ParameterizedTest
    @MethodSource("refusedEverywhere")
    void foreignTextKeepsItsCharactersWithinThePolicyAndReplacesTheRest(String value) {
        String kept = Text.foreign("before " + value + " after");
        assertThat(Text.line("kept", kept)).startsWith("before ").endsWith(" after").contains("\uFFFD");
    }

    @Test
    void foreignTextIsCutAtItsMaximumInCodePointsNeverInsideOne() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars, four bytes in UTF-8
        assertThat(Text.foreign(emoji.repeat(Text.FOREIGN_MAX))).isEqualTo(emoji.repeat(Text.FOREIGN_MAX));
        String cut = Text.foreign(emoji.repeat(Text.FOREIGN_MAX + 1));
        assertThat(cut).isEqualTo(emoji.repeat(Text.FOREIGN_MAX - 1) + "\u2026");
        assertThat(Text.foreign("x".repeat(1 << 20))).hasSize(Text.FOREIGN_MAX).endsWith("\u2026");
        assertThat(Text.foreign("ok: line\nbreak")).isEqualTo("ok: line\uFFFDbreak");
        assertThat(Text.foreign(null)).isNull();
    }

    @Test
    void lineBreaksAndTabsOnlyInMultilineText() {
        for (String value : new String[] {"two\nlines", "tab\there", "crlf\r\n", "ls\u2028", "ps\u2029"}) {
            assertRefused(() -> Text.line("reason", value), "reason");
            assertThat(Text.multiline("description", value)).isEqualTo(value);
        }
    }

    @Test
    void everydayTextOfAnyScriptIsAllowed() {
        for (String value : new String[] {"Design review", "Caf\u00e9 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u05e9\u05dc\u05d5\u05dd \u200F(RTL mark)",
                "soft\u00ADhyphen", "zwnj \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\uE000 private use", ""}) {
            assertThat(Text.line("title", value)).isEqualTo(value);
            assertThat(Text.multiline("description", value)).isEqualTo(value);
        }
        assertThat(Text.line("title", null)).isNull();
    }

    @Test
    void commandsCarryingClientTextEnforceThePolicyThemselves() {
        MeetingId id = MeetingId.generate();
        UserId host = new UserId("user_1");
        assertRefused(() -> new CreateMeeting(id, host, "a\u0000", null, null, null, false, Tier.FREE, null), "title");
        assertRefused(() -> new CreateMeeting(id, host, "ok", "x\u0000", null, null, false, Tier.FREE, null), "description");
        assertRefused(() -> new CancelMeeting(id, host, "\u202Egnp.exe"), "reason");
        assertThat(new CreateMeeting(id, host, "ok", "line\nline", null, null, false, Tier.FREE, null).description())
                .isEqualTo("line\nline");
    }

    private static void assertRefused(Runnable check, String field) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(MeetingException.class, e -> {
            assertThat(e.details().code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.details().metadata()).containsEntry("field", field);
            assertThat(e.getMessage()).startsWith(field).contains("U+");
        });
    }
}
