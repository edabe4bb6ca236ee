package io.connvo.meetings.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A token that cannot be checked at all (signing keys unreachable) is our fault: 500, not 401. */
class EnvelopeAuthenticationEntryPointTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void unreachableSigningKeysAreAnInternalError() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new EnvelopeAuthenticationEntryPoint(new EnvelopeWriter(json)).onAuthenticationFailure(
                new MockHttpServletRequest(), response,
                new AuthenticationServiceException("Couldn't retrieve remote JWK set: Connection refused"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
        JsonNode body = json.readTree(response.getContentAsString());
        assertThat(body.get("errorData").get("code").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(body.get("errorData").get("statusCode").asInt()).isEqualTo(500);
        assertThat(body.toString()).doesNotContain("JWK", "Exception");
    }
}
