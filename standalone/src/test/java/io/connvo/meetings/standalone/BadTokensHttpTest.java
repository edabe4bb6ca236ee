package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad tokens against the packaged configuration (development issuer, JWKS at the process's own
 * {@code /dev/jwks.json}, its header limit): each is a 401 with {@code WWW-Authenticate: Bearer} and the envelope.
 */
class BadTokensHttpTest extends StandaloneHttpTest {

    @Test
    void foreignKeysAndOverLongTokensAreUnauthorizedNeverA500() throws JOSEException {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("foreign-kid").generate();
        for (int i = 0; i < 5; i++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreign.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject("user_mallory").issuer("http://localhost/connvo-dev")
                            .audience("connvo-standalone").issueTime(new Date())
                            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            jwt.sign(new RSASSASigner(foreign));
            assertUnauthorized(post("queries/getMeeting", Map.of("meetingId", "meeting_x"), jwt.serialize()));
        }
        String host = token(user("long"), null);
        assertUnauthorized(post("queries/getMeeting", Map.of("meetingId", "meeting_x"), host + "x".repeat(20_000)));
    }

    private static void assertUnauthorized(Reply response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.code()).isEqualTo("UNAUTHORIZED");
    }
}
