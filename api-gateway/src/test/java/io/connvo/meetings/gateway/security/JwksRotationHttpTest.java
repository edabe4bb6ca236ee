package io.connvo.meetings.gateway.security;

import static io.connvo.meetings.testsupport.TestHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.connvo.meetings.testsupport.JwksServer;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestJwts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The identity provider's key set served by a local stub that rotates keys and counts fetches: tokens of
 * unknown keys are 401 (never 500) and cannot make the gateway fetch the key set once each, and a key that
 * appears in the set is picked up.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"axon.axonserver.enabled=false", "connvo.security.jwks-min-refresh-interval=3s"})
class JwksRotationHttpTest {

    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(3);
    private static final RSAKey FOREIGN = TestJwts.generate("foreign-key");
    private static final JwksServer JWKS = new JwksServer(TestJwts.trustedKeys());

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
        registry.add("connvo.security.jwks-uri", JWKS::jwksUri);
    }

    @AfterAll
    static void stop() {
        JWKS.close();
    }

    @LocalServerPort
    int port;

    @Test
    void unknownKeysAre401WithBoundedFetchesAndARotatedKeyIsPickedUp() {
        TestHttp http = new TestHttp(port);
        assertThat(http.post(SecurityTestApplication.PROTECTED, bearer(TestJwts.forUser("user_r1").sign()), "{}")
                .statusCode()).isEqualTo(200);

        int before = JWKS.requestCount();
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            assertUnauthorized(http.post(SecurityTestApplication.PROTECTED,
                    bearer(TestJwts.forUser("user_r1").signedBy(FOREIGN).sign()), "{}"));
        }
        // the flood may start at the end of one rate-limit window: count that one and every window it reached
        long intervals = 2 + Duration.ofNanos(System.nanoTime() - started).dividedBy(REFRESH_INTERVAL);
        System.out.printf("JWKS fetches caused by 40 foreign-key tokens: %d%n", JWKS.requestCount() - before);
        assertThat(JWKS.requestCount() - before).as("key set fetches caused by 40 foreign tokens in %d rate-limit windows", intervals)
                .isLessThanOrEqualTo((int) (2 * intervals)).isLessThan(40);

        RSAKey rotated = TestJwts.generate("rotated-key");
        JWKS.publish(new JWKSet(List.of(TestJwts.trustedKeys().getKeys().get(0), rotated.toPublicJWK())));
        String rotatedToken = TestJwts.forUser("user_r2").signedBy(rotated).sign();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = http.post(SecurityTestApplication.PROTECTED, bearer(rotatedToken), "{}");
            if (response.statusCode() != 200) {
                assertUnauthorized(response);
            }
            return response.statusCode() == 200;
        });
        assertThat(http.post(SecurityTestApplication.PROTECTED, bearer(TestJwts.forUser("user_r1").sign()), "{}")
                .statusCode()).as("the old key still verifies").isEqualTo(200);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(TestHttp.json(response).at("/errorData/code").asString()).isEqualTo("UNAUTHORIZED");
    }
}
