package io.connvo.meetings.gateway.web;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ICE servers handed to WebRTC meetings by startMeeting ({@code connvo.webrtc.*}).
 *
 * @param stunUrls STUN servers (default Google's two public ones, as in the original product)
 * @param turn     TURN relay with coturn-style time-limited credentials; off unless secret and urls are set
 */
@ConfigurationProperties("connvo.webrtc")
public record WebRtcProperties(
        @DefaultValue({"stun:stun.l.google.com:19302", "stun:stun1.l.google.com:19302"}) List<String> stunUrls,
        @DefaultValue Turn turn) {

    /**
     * @param secret the shared secret of coturn's {@code use-auth-secret} ({@code CONNVO_WEBRTC_TURN_SECRET});
     *               no default
     * @param urls   TURN urls, e.g. {@code turn:turn.example.com:3478?transport=udp}; none by default
     * @param ttl    how long a credential stays valid (default 1h)
     */
    public record Turn(String secret, @DefaultValue List<String> urls, @DefaultValue("1h") Duration ttl) {

        public boolean enabled() {
            return secret != null && !secret.isBlank() && urls != null && !urls.isEmpty();
        }
    }
}
