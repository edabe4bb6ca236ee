package io.connvo.meetings.bench.baseline;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The measured endpoint (one insert), plus the token issuer and key set the harness needs to call it. */
@RestController
class BaselineController {

    private final JdbcClient jdbc;
    private final JwtEncoder encoder;
    private final RSAKey signingKey;

    BaselineController(JdbcClient jdbc, JwtEncoder encoder, RSAKey signingKey) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.signingKey = signingKey;
        // Created while the context starts, so the table exists before the port accepts requests.
        jdbc.sql("CREATE TABLE IF NOT EXISTS bench_meeting (id VARCHAR(64) PRIMARY KEY, host_id VARCHAR(128) NOT NULL, "
                + "title VARCHAR(256) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)").update();
    }

    record RunRequest(Map<String, Object> args) {
    }

    @PostMapping("/api/run/baseline/insert")
    Map<String, Object> insert(@AuthenticationPrincipal Jwt jwt, @RequestBody RunRequest request) {
        String id = "meeting_" + UUID.randomUUID();
        Object title = request.args() == null ? null : request.args().get("title");
        jdbc.sql("INSERT INTO bench_meeting (id, host_id, title, created_at) VALUES (?, ?, ?, ?)")
                .params(id, jwt.getSubject(), String.valueOf(title), java.sql.Timestamp.from(Instant.now()))
                .update();
        return Map.of("status", "success", "errorMessage", "", "errorData", Map.of(), "value", Map.of("meetingId", id));
    }

    record TokenRequest(String sub, String role, List<String> entitlements) {
    }

    @PostMapping("/dev/tokens")
    Map<String, String> token(@RequestBody TokenRequest request) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(BaselineSecurity.ISSUER)
                .audience(List.of(BaselineSecurity.AUDIENCE))
                .subject(request.sub())
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(12)))
                .claim("role", request.role() == null ? "member" : request.role())
                .claim("entitlements", request.entitlements() == null ? List.of() : request.entitlements())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(signingKey.getKeyID()).build();
        return Map.of("token", encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue());
    }

    @GetMapping("/.well-known/jwks.json")
    Map<String, Object> jwks() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }
}
