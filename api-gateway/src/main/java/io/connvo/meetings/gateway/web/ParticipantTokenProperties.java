package io.connvo.meetings.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the gateway needs of the GetStream configuration to hand clients their user tokens
 * ({@code connvo.getstream.*}, shared with the saga's adapter and the webhook receiver, which bind their own fields).
 *
 * @param apiKey    the API key clients connect with ({@code CONNVO_GETSTREAM_API_KEY}); no default
 * @param apiSecret the API secret that signs user tokens ({@code CONNVO_GETSTREAM_API_SECRET}); no default: without
 *                  it no token is issued
 * @param userToken the user tokens' own settings
 */
@ConfigurationProperties("connvo.getstream")
public record ParticipantTokenProperties(String apiKey, String apiSecret, @DefaultValue UserToken userToken) {

    /** @param ttl how long a participant's token is valid (default 1h, {@code connvo.getstream.user-token.ttl}) */
    public record UserToken(@DefaultValue("1h") Duration ttl) {
    }

    boolean configured() {
        return apiKey != null && !apiKey.isBlank() && apiSecret != null && !apiSecret.isBlank();
    }
}
