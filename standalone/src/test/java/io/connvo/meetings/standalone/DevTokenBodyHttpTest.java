package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /dev/tokens} reads its body as strictly as the routes do, in the shipped application: it used to
 * coerce ({@code "sub":123} became user "123", which a token's numeric sub may not be; {@code "ttlSeconds":1.9}
 * became 1), pass over unknown and repeated fields, put controls and bidi overrides into {@code role}, and mint a
 * token longer than the gateway accepts.
 */
class DevTokenBodyHttpTest extends StandaloneHttpTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aBodyOutsideTheContractIsAValidationErrorNamingTheField(String body, String field) {
        Reply reply = send("POST", "/dev/tokens", "application/json", bytes(body), null, Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.field()).isEqualTo(field);
        assertThat(reply.body()).doesNotContain("token\"");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("{\"sub\":123}", "sub"),
                Arguments.of("{\"sub\":true}", "sub"),
                Arguments.of("{\"sub\":\"user_a\",\"sub\":\"user_b\"}", "sub"),
                Arguments.of("{\"sub\":\"user_a\",\"subject\":\"user_b\"}", "subject"),
                Arguments.of("{\"sub\":\"user_a\",\"role\":5}", "role"),
                Arguments.of("{\"sub\":\"user_a\",\"role\":\"ad\\u0000min\"}", "role"),
                Arguments.of("{\"sub\":\"user_a\",\"role\":\"\\u202Eadmin\"}", "role"),
                Arguments.of("{\"sub\":\"user_a\",\"entitlements\":[1]}", "entitlements[0]"),
                Arguments.of("{\"sub\":\"user_a\",\"entitlements\":[\"paid\\u0007\"]}", "entitlements"),
                Arguments.of("{\"sub\":\"user_a\",\"ttlSeconds\":1.9}", "ttlSeconds"),
                Arguments.of("{\"sub\":\"user_a\",\"ttlSeconds\":\"60\"}", "ttlSeconds"),
                Arguments.of("{\"sub\":\"user_a\",\"role\":\"" + "r".repeat(9_000) + "\"}", "body"));
    }

    @Test
    void aBodyWithinTheContractStillGetsAToken() {
        assertThat(token(user("dev"), "admin", PAID)).isNotBlank();
    }
}
