package io.connvo.meetings.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class GetStreamWebhookPropertiesTest {

    private static GetStreamWebhookProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("connvo.getstream", GetStreamWebhookProperties.class);
    }

    @Test
    void defaultsToNoSecretAThreeSecondBoundAndOneMegabyteBodies() {
        GetStreamWebhookProperties properties = bind(Map.of());
        assertThat(properties.apiSecret()).isNull();
        assertThat(properties.webhook().commandTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.webhook().maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
    }

    @Test
    void bindsTheSharedSecretAndTheReceiversOwnSettings() {
        GetStreamWebhookProperties properties = bind(Map.of(
                "connvo.getstream.api-secret", "0123456789abcdef0123456789abcdef",
                "connvo.getstream.api-key", "belongs-to-the-saga-adapter",
                "connvo.getstream.webhook.command-timeout", "750ms",
                "connvo.getstream.webhook.max-body-size", "256KB"));
        assertThat(properties.apiSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(properties.webhook().commandTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(properties.webhook().maxBodySize()).isEqualTo(DataSize.ofKilobytes(256));
    }
}
