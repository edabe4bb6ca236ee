package io.connvo.meetings.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.web.ApiResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/** Which answers a key keeps, and the key's syntax. */
class IdempotencyFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static byte[] envelope(ErrorCode code, Map<String, Object> metadata) {
        return JSON.writeValueAsBytes(ApiResponse.error(new ErrorDetails(code, "message", metadata)));
    }

    @Test
    void aSuccessIsKept() {
        assertThat(IdempotencyFilter.kept(200, JSON.writeValueAsBytes(ApiResponse.success(Map.of("a", 1))))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"VALIDATION_ERROR", "NOT_FOUND", "INSUFFICIENT_PERMISSIONS",
            "STREAM_ERROR"})
    void refusalsThatStayTrueAndFailuresThatActedAreKept(ErrorCode code) {
        assertThat(IdempotencyFilter.kept(ApiResponse.httpStatus(code).value(), envelope(code, Map.of()))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"CONFLICT", "RATE_LIMIT_EXCEEDED", "EXTERNAL_SERVICE_TIMEOUT",
            "SERVICE_UNAVAILABLE", "INTERNAL_ERROR", "UNAUTHORIZED"})
    void answersThatSayTryAgainLeaveTheKeyFree(ErrorCode code) {
        assertThat(IdempotencyFilter.kept(ApiResponse.httpStatus(code).value(),
                envelope(code, Map.of("retryAfterMs", 1000)))).isFalse();
    }

    @Test
    void anAnswerThatIsNotAnEnvelopeIsNotKept() {
        assertThat(IdempotencyFilter.kept(400, "not json".getBytes())).isFalse();
        assertThat(IdempotencyFilter.kept(400, new byte[0])).isFalse();
    }

    @Test
    void keysAreOneTo255VisibleAsciiCharacters() {
        assertThat(IdempotencyFilter.validKey(List.of("0f8c2a4e-9b1d-4c6e-8f00-123456789abc")))
                .isEqualTo("0f8c2a4e-9b1d-4c6e-8f00-123456789abc");
        assertThat(IdempotencyFilter.validKey(List.of("~".repeat(255)))).hasSize(255);
        for (String bad : List.of("", " ", "a b", "x".repeat(256), "tab\there", "\u00e9t\u00e9")) {
            assertThatThrownBy(() -> IdempotencyFilter.validKey(List.of(bad))).as(bad)
                    .isInstanceOfSatisfying(MeetingException.class, e -> {
                        assertThat(e.details().code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                        assertThat(e.details().metadata()).containsEntry("field", "Idempotency-Key");
                    });
        }
        assertThatThrownBy(() -> IdempotencyFilter.validKey(List.of("a", "b")))
                .isInstanceOfSatisfying(MeetingException.class,
                        e -> assertThat(e.details().message()).contains("more than once"));
    }
}
