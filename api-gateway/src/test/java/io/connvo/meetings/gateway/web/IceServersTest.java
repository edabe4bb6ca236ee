package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceServersTest {

    @Test
    void turnCredentialMatchesCoturnRestApiVector() {
        assertThat(IceServers.turnCredential("s3cr3t", "1700003600:user-42")).isEqualTo("fS5hqkRIZOZgSfBbJv9okP7Xb3E=");
    }

    @Test
    void stunOnlyByDefault() {
        WebRtcProperties properties = new WebRtcProperties(
                List.of("stun:stun.l.google.com:19302", "stun:stun1.l.google.com:19302"),
                new WebRtcProperties.Turn(null, List.of(), Duration.ofHours(1)));
        assertThat(new IceServers(properties).forUser(new UserId("user-42"))).containsExactly(
                new StartMeetingValue.IceServer("stun:stun.l.google.com:19302", null, null),
                new StartMeetingValue.IceServer("stun:stun1.l.google.com:19302", null, null));
    }

    @Test
    void turnEntriesCarryTimeLimitedCredentials() {
        WebRtcProperties properties = new WebRtcProperties(List.of("stun:stun.example:3478"),
                new WebRtcProperties.Turn("s3cr3t", List.of("turn:turn.example:3478", "turns:turn.example:5349"),
                        Duration.ofHours(1)));
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

        List<StartMeetingValue.IceServer> servers = new IceServers(properties, clock).forUser(new UserId("user-42"));

        assertThat(servers).containsExactly(
                new StartMeetingValue.IceServer("stun:stun.example:3478", null, null),
                new StartMeetingValue.IceServer("turn:turn.example:3478", "1700003600:user-42", "fS5hqkRIZOZgSfBbJv9okP7Xb3E="),
                new StartMeetingValue.IceServer("turns:turn.example:5349", "1700003600:user-42", "fS5hqkRIZOZgSfBbJv9okP7Xb3E="));
    }
}
