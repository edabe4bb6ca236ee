package io.connvo.meetings.gateway.devtoken;

import static io.connvo.meetings.testsupport.TestHttp.bearer;
import static io.connvo.meetings.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.connvo.meetings.gateway.security.SecurityTestApplication;
import io.connvo.meetings.testsupport.JwksServer;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestJwts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/** The development token issuer, enabled, through real HTTP: mint over loopback, use against a protected route. */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"axon.axonserver.enabled=false", "connvo.dev-tokens.enabled=true"})
class DevTokenHttpTest {

    private static final Path DATA_DIR = createDataDir();
    private static final String PROTECTED = "/api/test/whoami";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
        registry.add("connvo.data-dir", DATA_DIR::toString);
    }

    @AfterAll
    static void removeDataDir() throws IOException {
        FileSystemUtils.deleteRecursively(DATA_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    DevTokenKeys keys;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void mintedTokenWorksAgainstAProtectedRouteWithoutFetchingAnyKeySet() throws Exception {
        int jwksFetches = JwksServer.shared().requestCount();

        HttpResponse<String> minted = http.post("/dev/tokens", null,
                "{\"sub\":\"user_dev\",\"role\":\"admin\",\"entitlements\":[\"x\"],\"ttlSeconds\":120}");

        assertThat(minted.statusCode()).isEqualTo(200);
        String token = json(minted).get("token").asString();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.keyId());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(TestJwts.ISSUER);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(TestJwts.AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isBefore(new Date(System.currentTimeMillis() + 121_000));

        HttpResponse<String> call = http.post(PROTECTED, bearer(token), "{}");

        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode caller = json(call);
        assertThat(caller.get("userId").asString()).isEqualTo("user_dev");
        assertThat(caller.get("tier").asString()).isEqualTo("paid");
        assertThat(JwksServer.shared().requestCount()).isEqualTo(jwksFetches);
    }

    @Test
    void defaultTokenIsFreeAndTokensOfTheRealIssuerStillWork() {
        String devToken = json(http.post("/dev/tokens", null, "{\"sub\":\"user_free\"}")).get("token").asString();

        assertThat(json(http.post(PROTECTED, bearer(devToken), "{}")).get("tier").asString()).isEqualTo("free");
        assertThat(http.post(PROTECTED, bearer(TestJwts.forUser("user_idp").sign()), "{}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void jwksIsServedWithoutTokenAndMatchesTheKeyFile() throws Exception {
        HttpResponse<String> response = http.get("/dev/jwks.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet served = JWKSet.parse(response.body());
        assertThat(served.getKeys()).singleElement().satisfies(key -> {
            assertThat(key.getKeyID()).isEqualTo(keys.keyId());
            assertThat(key.isPrivate()).isFalse();
        });
        JWKSet onDisk = JWKSet.parse("{\"keys\":[" + Files.readString(DATA_DIR.resolve(DevTokenKeys.FILE_NAME)) + "]}");
        assertThat(onDisk.getKeys().get(0).getKeyID()).isEqualTo(keys.keyId());
    }

    @Test
    void badRequestsAreValidationErrorsNamingTheField() {
        assertValidationError(http.post("/dev/tokens", null, "{}"), "sub");
        assertValidationError(http.post("/dev/tokens", null, "{\"sub\":\"has space\"}"), "sub");
        assertValidationError(http.post("/dev/tokens", null, "{\"sub\":\"system:media-saga\"}"), "sub");
        assertValidationError(http.post("/dev/tokens", null, "{\"sub\":\"u\",\"ttlSeconds\":0}"), "ttlSeconds");
        assertValidationError(http.post("/dev/tokens", null, "{\"sub\":\"u\",\"ttlSeconds\":86401}"), "ttlSeconds");
        assertValidationError(http.post("/dev/tokens", null, "{\"sub\":\"u\",\"role\":\" \"}"), "role");
    }

    @Test
    void aForwardedRequestIsNotAnswered() {
        HttpResponse<String> response = http.post("/dev/tokens", null, "{\"sub\":\"user_x\"}",
                "X-Forwarded-For", "203.0.113.9");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("token\"");
    }

    private static void assertValidationError(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errorData = json(response).get("errorData");
        assertThat(errorData.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(errorData.get("metadata").get("field").asString()).isEqualTo(field);
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("connvo-devtoken-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
