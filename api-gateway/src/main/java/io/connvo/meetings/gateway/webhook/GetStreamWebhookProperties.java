package io.connvo.meetings.gateway.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the webhook receiver needs of the GetStream configuration ({@code connvo.getstream.*}, shared with the
 * saga's adapter, which binds its own fields of the same prefix).
 *
 * @param apiSecret the API secret that signs webhooks ({@code CONNVO_GETSTREAM_API_SECRET}); no default: without
 *                  it every webhook is refused with 401
 * @param webhook   the receiver's own settings
 */
@ConfigurationProperties("connvo.getstream")
public record GetStreamWebhookProperties(String apiSecret, @DefaultValue Webhook webhook) {

    /**
     * @param commandTimeout how long a webhook waits for the GetStream adapter's answer before answering 503 so that
     *                       GetStream redelivers it; default 3 s ({@code connvo.getstream.webhook.command-timeout})
     * @param maxBodySize    the largest body read (the receiver is open to anyone until the body's signature is
     *                       checked); larger ones are a VALIDATION_ERROR on {@code body}; default 1 MB
     *                       ({@code connvo.getstream.webhook.max-body-size})
     */
    public record Webhook(@DefaultValue("3s") Duration commandTimeout, @DefaultValue("1MB") DataSize maxBodySize) {
    }
}
