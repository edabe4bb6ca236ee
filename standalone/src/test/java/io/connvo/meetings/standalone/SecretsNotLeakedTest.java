package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A scenario that uses every secret (the GetStream API secret signs server tokens and webhooks, the TURN secret
 * derives credentials, the development key signs tokens), with failures on purpose; then neither the captured
 * logs, nor any response (errors, exposed actuator endpoints, Prometheus metrics, OpenAPI), nor the stored events
 * and their metadata contain any of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLeakedTest extends StandaloneHttpTest {

    @Test
    void noSecretInLogsResponsesActuatorOrAuditTrail(CapturedOutput output) throws Exception {
        sandbox.recover();
        getStreamCircuitBreaker.reset();
        List<String> bodies = new ArrayList<>();
        String host = paidUserToken(user("host"));

        // WebRTC with TURN: credentials derived from the TURN secret
        String free = createMeeting(host, false);
        Reply started = post("lifecycle/startMeeting", Map.of("meetingId", free), host);
        bodies.add(started.body());
        assertThat(started.value().path("roomInfo").path("iceServers").toString()).contains("turn:127.0.0.1:3478");

        // GetStream: server tokens and signed webhooks, a recording through to ready
        String paid = provisionedPaidMeeting(host);
        String recordingId = ok("stream/index/startRecording", Map.of("meetingId", paid), host).path("recordingId").asString();
        bodies.add(ok("stream/index/stopRecording", Map.of("meetingId", paid), host).toString());
        awaitRecording(paid, recordingId, host, r -> r.path("status").asString().equals("ready"));

        // failures on purpose: forged webhooks, bad tokens, a GetStream outage, unknown routes
        String webhookBody = WebhookDeliveryTest.recordingEvent("call.recording_failed", paid);
        bodies.add(webhook(webhookBody, UUID.randomUUID().toString(), "00".repeat(32)).body());
        bodies.add(webhook(webhookBody, UUID.randomUUID().toString(), null).body());
        bodies.add(post("queries/getMeeting", Map.of("meetingId", paid), "not-a-token").body());
        bodies.add(post("queries/getMeeting", Map.of("meetingId", paid), host + "x").body());
        sandbox.failAlways(io.connvo.sandbox.getstream.Endpoint.START_RECORDING, 500);
        Reply failing = post("stream/index/startRecording", Map.of("meetingId", paid), host);
        bodies.add(failing.body());
        sandbox.recover();
        bodies.add(send("POST", "/dev/tokens", "application/json", bytes("{\"sub\":\"system:x\"}"), null).body());

        // everything a client can read about the running application, the metrics (an admin's scrape) included
        Reply metrics = get("/actuator/prometheus", token(user("ops"), "admin"));
        assertThat(metrics.status()).isEqualTo(200);
        bodies.add(metrics.body());
        for (String path : List.of("/actuator/health", "/actuator", "/actuator/info", "/actuator/env",
                "/actuator/configprops", "/actuator/metrics", "/actuator/beans", "/v3/api-docs", "/dev/jwks.json")) {
            bodies.add(get(path, null).body());
            bodies.add(get(path, host).body());
        }
        for (String meetingId : List.of(free, paid)) {
            Reply audit = get("/api/audit/meetings/" + meetingId + "/events?limit=500", host);
            assertThat(audit.status()).isEqualTo(200);
            bodies.add(audit.body());
        }

        JsonNode devKey = JSON.readTree(Files.readString(DATA_DIR.resolve("dev-token-key.json")));
        assertThat(devKey.path("d").asString()).as("the dev key file holds the private exponent").isNotBlank();
        List<String> secrets = List.of(GETSTREAM_SECRET, TURN_SECRET, devKey.path("d").asString(), devKey.path("p").asString(),
                devKey.path("q").asString(), Base64.getEncoder().encodeToString(bytes(GETSTREAM_SECRET)),
                Base64.getEncoder().encodeToString(bytes(TURN_SECRET)));

        String stored = String.join("\n", jdbc.sql("SELECT payload, meta_data FROM domain_event_entry")
                .query((rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8) + " "
                        + (rs.getBytes(2) == null ? "" : new String(rs.getBytes(2), StandardCharsets.UTF_8)))
                .list());
        assertThat(output.getAll()).as("the captured log").isNotBlank();
        // bearer tokens are secrets too: not a whole token, nor its signature
        assertThat(output.getAll()).as("logs").doesNotContain(host).doesNotContain(host.substring(host.lastIndexOf('.') + 1));
        for (String secret : secrets) {
            assertThat(output.getAll()).as("logs").doesNotContain(secret);
            assertThat(bodies).as("responses").noneMatch(body -> body.contains(secret));
            assertThat(stored).as("event store (audit trail)").doesNotContain(secret);
        }
        System.out.printf("Secrets check: %d secrets, %d responses, %d characters of log, %d characters of stored events%n",
                secrets.size(), bodies.size(), output.getAll().length(), stored.length());
    }
}
