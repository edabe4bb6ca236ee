package io.connvo.meetings.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.ErrorDetails;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.gateway.web.ApiResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Acquired;
import io.connvo.meetings.gateway.idempotency.IdempotencyKeys.Claim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/** Which answers a key keeps, the key's syntax, and a route that fails without an answer. */
class IdempotencyFilterTest {

    /** Keys in memory: every claim is acquired; what happens to it afterwards is recorded. */
    private static final class RecordingKeys extends IdempotencyKeys {

        final List<String> outcomes = new ArrayList<>();

        RecordingKeys() {
            super(null);
        }

        @Override
        public Claim claim(String callerId, String key, String route, String bodySha256, Instant now, Duration lease,
                           Duration ttl) {
            return new Acquired("token", "0123456789abcdef0123456789abcdef");
        }

        @Override
        public void complete(String callerId, String key, String token, int status, byte[] body) {
            outcomes.add("complete " + status);
        }

        @Override
        public void release(String callerId, String key, String token, Instant now) {
            outcomes.add("release");
        }
    }

    static final class Routes {
        @IdempotentCommand
        public void command() {
        }
    }

    @AfterEach
    void clearCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aRouteThatFailsWithoutAnAnswerFreesItsKey() throws Exception {
        RecordingKeys keys = new RecordingKeys();
        IdempotencyFilter filter = new IdempotencyFilter(keys, new IdempotencyProperties(Duration.ofHours(24),
                Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(10)), 1024, Clock.systemUTC());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/run/meetings/lifecycle/createMeeting");
        request.addHeader(IdempotencyFilter.HEADER, "k1");
        request.setContent("{\"args\":{}}".getBytes());
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(Jwt.withTokenValue("t")
                .header("alg", "RS256").subject("user_1").build()));
        HandlerMethod route = new HandlerMethod(new Routes(), Routes.class.getMethod("command"));
        FilterChain failing = (req, res) -> {
            try {
                filter.interceptor().preHandle((HttpServletRequest) req, (HttpServletResponse) res, route);
            } catch (Exception e) {
                throw new ServletException(e);
            }
            throw new IllegalStateException("the route broke before it answered");
        };

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), failing))
                .hasMessageContaining("broke");
        assertThat(keys.outcomes).containsExactly("release");
    }

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
