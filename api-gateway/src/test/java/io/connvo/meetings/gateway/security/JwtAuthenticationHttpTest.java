package io.connvo.meetings.gateway.security;

import static io.connvo.meetings.testsupport.TestHttp.bearer;
import static io.connvo.meetings.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.gateway.devtoken.DevTokenKeys;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.connvo.meetings.testsupport.TestJwts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Bearer token verification through real HTTP, with real RS256 tokens whose JWKS is served over HTTP. */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"axon.axonserver.enabled=false", "server.max-http-request-header-size=64KB"})
class JwtAuthenticationHttpTest {

    private static final String PROTECTED = SecurityTestApplication.PROTECTED;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void validTokenReachesTheRouteAsItsCaller() {
        HttpResponse<String> response = http.post(PROTECTED, bearer(TestJwts.forUser("user_01").sign()), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode caller = json(response);
        assertThat(caller.get("userId").asString()).isEqualTo("user_01");
        assertThat(caller.get("tier").asString()).isEqualTo("free");
        assertThat(caller.get("roles").size()).isZero();
    }

    @Test
    void tokenOfTheSecondConfiguredIssuerIsAccepted() {
        String token = TestJwts.forUser("user_02").issuer(TestJwts.SECOND_ISSUER).sign();

        assertThat(http.post(PROTECTED, bearer(token), "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void paidEntitlementMakesThePaidTier() {
        String token = TestJwts.forUser("user_03").entitlements("other", TestJwts.PAID_ENTITLEMENT).sign();

        JsonNode caller = json(http.post(PROTECTED, bearer(token), "{}"));
        assertThat(caller.get("tier").asString()).isEqualTo("paid");
        assertThat(caller.get("entitlements").toString()).contains(TestJwts.PAID_ENTITLEMENT);
    }

    @Test
    void adminRoleMakesThePaidTierWhetherStringOrArray() {
        String asString = TestJwts.forUser("user_04").role("admin").sign();
        String asArray = TestJwts.forUser("user_04").role(List.of("member", "admin")).sign();

        assertThat(json(http.post(PROTECTED, bearer(asString), "{}")).get("tier").asString()).isEqualTo("paid");
        JsonNode caller = json(http.post(PROTECTED, bearer(asArray), "{}"));
        assertThat(caller.get("tier").asString()).isEqualTo("paid");
        assertThat(caller.get("roles").toString()).contains("member", "admin");
    }

    @Test
    void expiryWithinTheClockSkewIsTolerated() {
        Instant now = Instant.now();
        String token = TestJwts.forUser("user_05")
                .issuedAt(now.minus(Duration.ofMinutes(10))).expiresAt(now.minusSeconds(20)).sign();

        assertThat(http.post(PROTECTED, bearer(token), "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void issuedAtWithinTheClockSkewIsTolerated() {
        String token = TestJwts.forUser("user_05").issuedAt(Instant.now().plusSeconds(30)).sign();

        assertThat(http.post(PROTECTED, bearer(token), "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenIsVerifiedOnceNotOnEveryRequest() {
        String token = TestJwts.forUser("user_07").sign();
        assertThat(http.post(PROTECTED, bearer(token), "{}").statusCode()).isEqualTo(200);

        JwtDecoder decoder = context.getBean(JwtDecoder.class);
        assertThat(decoder.decode(token)).isSameAs(decoder.decode(token));
        assertThat(http.post(PROTECTED, bearer(token), "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void missingTokenIsUnauthorized() {
        HttpResponse<String> response = http.post(PROTECTED, null, "{}");

        assertUnauthorized(response, "Authentication required");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain("error=");
    }

    @Test
    void otherAuthorizationSchemeCountsAsNoToken() {
        assertUnauthorized(http.post(PROTECTED, "Basic dXNlcjpwYXNz", "{}"), "Authentication required");
    }

    @Test
    void anyOtherPathNeedsATokenToo() {
        assertUnauthorized(http.get("/api/nothing/here", null), "Authentication required");
        assertUnauthorized(http.get("/somewhere", null), "Authentication required");
    }

    static Stream<Arguments> invalidTokens() {
        Instant now = Instant.now();
        String valid = TestJwts.forUser("user_06").sign();
        return Stream.of(
                Arguments.of("bad signature", TestJwts.forUser("user_06").signedByUntrustedKey().sign()),
                Arguments.of("unknown key id", TestJwts.forUser("user_06").signedByUnknownKey().sign()),
                Arguments.of("expired", TestJwts.forUser("user_06").expiresAt(now.minus(Duration.ofMinutes(5))).sign()),
                Arguments.of("no expiry", TestJwts.forUser("user_06").expiresAt(null).sign()),
                Arguments.of("not yet valid", TestJwts.forUser("user_06").notBefore(now.plus(Duration.ofMinutes(5))).sign()),
                Arguments.of("wrong issuer", TestJwts.forUser("user_06").issuer("https://evil.example/").sign()),
                Arguments.of("wrong audience", TestJwts.forUser("user_06").audience("someone-else").sign()),
                Arguments.of("no subject", TestJwts.forUser("user_06").subject(null).sign()),
                Arguments.of("system subject", TestJwts.forUser("system:media-saga").sign()),
                Arguments.of("alg none", TestJwts.forUser("user_06").unsigned()),
                Arguments.of("HS256 keyed with the RSA public key", TestJwts.forUser("user_06").hs256WithPublicKeyBytes()),
                Arguments.of("tampered payload", TestJwts.tamper(valid, TestJwts.forUser("admin_07").role("admin"))),
                Arguments.of("issued a year in the future", TestJwts.forUser("user_06").issuedAt(now.plus(Duration.ofDays(365)))
                        .expiresAt(now.plus(Duration.ofDays(366))).sign()),
                Arguments.of("issued beyond the clock skew", TestJwts.forUser("user_06").issuedAt(now.plus(Duration.ofMinutes(5))).sign()),
                Arguments.of("numeric subject", TestJwts.forUser("user_06").claim("sub", 12345).sign()),
                Arguments.of("subject an array", TestJwts.forUser("user_06").claim("sub", List.of("user_06")).sign()),
                Arguments.of("subject with a NUL", TestJwts.forUser("user_\u000006").sign()),
                Arguments.of("20 KB token", TestJwts.forUser("user_06").claim("pad", "x".repeat(20_000)).sign()),
                Arguments.of("three garbage parts", "abc.def.ghi"),
                Arguments.of("not a JWT", "garbage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void invalidTokenIsUnauthorized(String why, String token) {
        HttpResponse<String> response = http.post(PROTECTED, bearer(token), "{}");

        assertUnauthorized(response, "Invalid or expired token");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    /**
     * Authorization is a single header: given twice, the request does not say who calls, even if each token is valid
     * (it was accepted as whoever the first one named).
     */
    @Test
    void twoAuthorizationHeadersAreUnauthorized() {
        String first = TestJwts.forUser("user_07").sign();
        String second = TestJwts.forUser("user_08").role("admin").sign();
        for (String other : List.of(second, first)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PROTECTED))
                    .header("Authorization", bearer(first))
                    .header("Authorization", bearer(other))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            Reply reply = TestHttp.exchange(request);

            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
            assertThat(reply.code()).isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void garbageInTheAuthorizationHeaderIsUnauthorized() {
        assertUnauthorized(http.post(PROTECTED, "Bearer !!not a token!!", "{}"), "Invalid or expired token");
        assertUnauthorized(http.post(PROTECTED, "Bearer", "{}"), "Invalid or expired token");
    }

    @Test
    void webhooksAndHealthNeedNoToken() {
        HttpResponse<String> webhook = http.post(SecurityTestApplication.WEBHOOK, null, "{}");
        assertThat(webhook.statusCode()).isEqualTo(200);
        assertThat(json(webhook).get("received").asBoolean()).isTrue();

        assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void developmentTokenIssuerDoesNotExistUnlessEnabled() {
        assertThat(context.getBeansOfType(DevTokenKeys.class)).isEmpty();
        assertThat(context.getBeansOfType(PublicPaths.class)).isEmpty();

        assertThat(http.post("/dev/tokens", null, "{\"sub\":\"user_08\"}").statusCode()).isEqualTo(401);
        assertThat(http.get("/dev/jwks.json", null).statusCode()).isEqualTo(401);
        // even with a valid token there is no such route
        assertThat(http.post("/dev/tokens", bearer(TestJwts.forUser("user_08").sign()), "{\"sub\":\"user_08\"}")
                .statusCode()).isEqualTo(404);
    }

    private static void assertUnauthorized(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("status").asString()).isEqualTo("error");
        assertThat(body.get("errorMessage").asString()).isEqualTo(message);
        JsonNode errorData = body.get("errorData");
        assertThat(errorData.get("code").asString()).isEqualTo("UNAUTHORIZED");
        assertThat(errorData.get("message").asString()).isEqualTo(message);
        assertThat(errorData.get("statusCode").asInt()).isEqualTo(401);
        assertThat(errorData.get("metadata").isObject()).isTrue();
        assertThat(errorData.get("metadata").size()).isZero();
        assertThat(body.has("value")).isFalse();
    }
}
