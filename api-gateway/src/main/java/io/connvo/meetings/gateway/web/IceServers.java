package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The ICE servers of a WebRTC meeting: configured STUN urls, plus TURN with time-limited credentials. */
@Component
public class IceServers {

    private final WebRtcProperties properties;
    private final Clock clock;

    @Autowired
    public IceServers(WebRtcProperties properties) {
        this(properties, Clock.systemUTC());
    }

    IceServers(WebRtcProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public List<StartMeetingValue.IceServer> forUser(UserId userId) {
        List<StartMeetingValue.IceServer> servers = new ArrayList<>();
        properties.stunUrls().forEach(url -> servers.add(new StartMeetingValue.IceServer(url, null, null)));
        WebRtcProperties.Turn turn = properties.turn();
        if (turn.enabled()) {
            long expiry = clock.instant().plus(turn.ttl()).getEpochSecond();
            String username = expiry + ":" + userId.value();
            String credential = turnCredential(turn.secret(), username);
            turn.urls().forEach(url -> servers.add(new StartMeetingValue.IceServer(url, username, credential)));
        }
        return servers;
    }

    /** coturn's {@code use-auth-secret} (TURN REST API): base64 of HMAC-SHA1 keyed with the secret over the username. */
    static String turnCredential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable", e);
        }
    }
}
