package io.connvo.meetings.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GetStreamWebhookPropertiesTest {

    private static GetStreamWebhookProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("connvo.getstream", GetStreamWebhookProperties.class);
    }

    @Test
    void defaultsToNoSecretAndAThreeSecondBound() {
        GetStreamWebhookProperties properties = bind(Map.of());
        assertThat(properties.apiSecret()).isNull();
        assertThat(properties.webhook().commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void bindsTheSharedSecretAndTheReceiversOwnSettings() {
        GetStreamWebhookProperties properties = bind(Map.of(
                "connvo.getstream.api-secret", "0123456789abcdef0123456789abcdef",
                "connvo.getstream.api-key", "belongs-to-the-saga-adapter",
                "connvo.getstream.webhook.command-timeout", "750ms"));
        assertThat(properties.apiSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(properties.webhook().commandTimeout()).isEqualTo(Duration.ofMillis(750));
    }
}
