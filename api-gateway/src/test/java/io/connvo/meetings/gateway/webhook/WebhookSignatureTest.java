package io.connvo.meetings.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String BODY = "{\"type\":\"call.recording_ready\",\"call_cid\":\"default:c1\",\"egress_id\":\"e1\",\"recording_type\":\"composite\",\"created_at\":\"2025-01-01T00:00:00Z\",\"call_recording\":{\"filename\":\"a.mp4\",\"url\":\"https://x/a.mp4\",\"session_id\":\"s\",\"start_time\":\"2025-01-01T00:00:00Z\",\"end_time\":\"2025-01-01T00:01:00Z\"}}";
    static final String SIGNATURE = "24f4aa135d783b892de42867151dc757fbd5c009497ccdb0a09144f20d8c05b9";

    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheDesignTestVector() {
        assertThat(WebhookSignature.sign(SECRET, BYTES)).isEqualTo(SIGNATURE);
        assertThat(WebhookSignature.matches(SECRET, BYTES, SIGNATURE)).isTrue();
    }

    @Test
    void refusesAnyOtherSignatureBodyOrSecret() {
        assertThat(WebhookSignature.matches(SECRET, BYTES, SIGNATURE.toUpperCase())).isFalse();
        assertThat(WebhookSignature.matches(SECRET, BYTES, SIGNATURE.substring(1))).isFalse();
        assertThat(WebhookSignature.matches(SECRET, (BODY + " ").getBytes(StandardCharsets.UTF_8), SIGNATURE)).isFalse();
        assertThat(WebhookSignature.matches("another-secret-0123456789abcdef01", BYTES, SIGNATURE)).isFalse();
        assertThat(WebhookSignature.matches(SECRET, BYTES, null)).isFalse();
        assertThat(WebhookSignature.matches(null, BYTES, SIGNATURE)).isFalse();
        assertThat(WebhookSignature.matches("", BYTES, SIGNATURE)).as("no secret, no trust").isFalse();
    }
}
