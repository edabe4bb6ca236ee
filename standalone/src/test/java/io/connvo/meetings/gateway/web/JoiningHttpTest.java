package io.connvo.meetings.gateway.web;

import static io.connvo.meetings.testsupport.TestHttp.failed;
import static io.connvo.meetings.testsupport.TestHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a client needs to enter a meeting's media: GetStream user tokens and connection info. */
class JoiningHttpTest extends GatewayHttpTest {

    private static final String TOKEN_ROUTE = RUN + "stream/index/generateParticipantToken";
    private static final String CONNECTION_ROUTE = RUN + "lifecycle/getMeetingConnectionInfo";

    @Test
    void aParticipantOfAPaidMeetingGetsAGetStreamTokenForItsCall() throws Exception {
        String host = user();
        String guest = user();
        String meetingId = create(paid(host), "{\"title\":\"Board\",\"maxParticipants\":20}");
        ok(run(RUN + "lifecycle/addParticipant", paid(host),
                args("{\"meetingId\":\"" + meetingId + "\",\"userId\":\"" + guest + "\"}")));

        // a scheduled meeting already has its call id: the meeting id
        JsonNode value = ok(run(TOKEN_ROUTE, free(guest), meeting(meetingId))).value();

        assertThat(value.get("apiKey").asString()).isEqualTo(STREAM_API_KEY);
        assertThat(value.get("callType").asString()).isEqualTo("default");
        assertThat(value.get("callId").asString()).isEqualTo(meetingId);
        assertThat(value.get("userId").asString()).isEqualTo(guest);
        JWTClaimsSet claims = verifiedAsGetStreamDoes(value.get("token").asString());
        assertThat(claims.getStringClaim("user_id")).isEqualTo(guest);
        assertThat(claims.getStringListClaim("call_cids")).containsExactly("default:" + meetingId);
        assertThat(claims.getIssueTime().toInstant()).isCloseTo(Instant.now(), within(10, ChronoUnit.SECONDS));
        assertThat(claims.getExpirationTime().toInstant())
                .isCloseTo(Instant.now().plus(STREAM_TOKEN_TTL), within(10, ChronoUnit.SECONDS))
                .isEqualTo(Instant.parse(value.get("expiresAt").asString()));

        ok(run(RUN + "lifecycle/startMeeting", paid(host), meeting(meetingId)));
        JsonNode forHost = ok(run(TOKEN_ROUTE, paid(host), meeting(meetingId))).value();
        assertThat(verifiedAsGetStreamDoes(forHost.get("token").asString()).getStringClaim("user_id")).isEqualTo(host);
    }

    @Test
    void noTokenForStrangersWebRtcMeetingsOrMeetingsThatAreOver() {
        String host = user();
        String paidMeeting = create(paid(host), "{\"title\":\"Board\",\"maxParticipants\":20}");
        failed(run(TOKEN_ROUTE, paid(user()), meeting(paidMeeting)), "NOT_FOUND");
        failed(run(TOKEN_ROUTE, paid(host), meeting("meeting_doesnotexist")), "NOT_FOUND");

        String freeMeeting = create(free(host), "{\"title\":\"Standup\"}");
        failed(run(TOKEN_ROUTE, free(host), meeting(freeMeeting)), "VALIDATION_ERROR");

        ok(run(RUN + "lifecycle/cancelMeeting", paid(host), meeting(paidMeeting)));
        failed(run(TOKEN_ROUTE, paid(host), meeting(paidMeeting)), "VALIDATION_ERROR");
    }

    @Test
    void startingAPaidMeetingAnswersItsCallIdAtOnce() {
        String host = user();
        String meetingId = create(paid(host), "{\"title\":\"Board\",\"maxParticipants\":20}");

        JsonNode started = ok(run(RUN + "lifecycle/startMeeting", paid(host), meeting(meetingId))).value();

        assertThat(started.get("videoProvider").asString()).isEqualTo("getstream");
        assertThat(started.at("/roomInfo/roomId").asString()).isEqualTo(meetingId);
    }

    @Test
    void connectionInfoOfAWebRtcMeetingHasFreshTurnCredentials() {
        String host = user();
        String meetingId = create(free(host), "{\"title\":\"Standup\"}");
        ok(run(RUN + "lifecycle/startMeeting", free(host), meeting(meetingId)));

        JsonNode info = ok(run(CONNECTION_ROUTE, free(host), meeting(meetingId))).value();

        assertThat(info.get("videoProvider").asString()).isEqualTo("webrtc");
        assertThat(info.get("roomId").asString()).isEqualTo("webrtc_" + meetingId);
        assertThat(info.has("stream")).isFalse();
        JsonNode turn = info.get("iceServers").get(2);
        assertThat(turn.get("urls").asString()).isEqualTo("turn:turn.test:3478");
        long expiry = Long.parseLong(turn.get("username").asString().split(":")[0]);
        assertThat(expiry).isCloseTo(Instant.now().plus(Duration.ofHours(1)).getEpochSecond(), within(10L));
        assertThat(turn.get("username").asString()).isEqualTo(expiry + ":" + host);
        assertThat(turn.get("credential").asString()).isNotBlank();
    }

    @Test
    void connectionInfoOfAPaidMeetingCarriesTheGetStreamToken() throws Exception {
        String host = user();
        String meetingId = create(paid(host), "{\"title\":\"Board\",\"maxParticipants\":20}");
        ok(run(RUN + "lifecycle/startMeeting", paid(host), meeting(meetingId)));

        JsonNode info = ok(run(CONNECTION_ROUTE, paid(host), meeting(meetingId))).value();

        assertThat(info.get("videoProvider").asString()).isEqualTo("getstream");
        assertThat(info.get("roomId").asString()).isEqualTo(meetingId);
        assertThat(info.has("iceServers")).isFalse();
        assertThat(info.at("/stream/callId").asString()).isEqualTo(meetingId);
        assertThat(verifiedAsGetStreamDoes(info.at("/stream/token").asString()).getStringClaim("user_id"))
                .isEqualTo(host);
    }

    @Test
    void connectionInfoIsForParticipantsOfMeetingsThatAreNotOver() {
        String host = user();
        String meetingId = create(free(host), "{\"title\":\"Standup\"}");
        failed(run(CONNECTION_ROUTE, free(user()), meeting(meetingId)), "NOT_FOUND");
        ok(run(RUN + "lifecycle/cancelMeeting", free(host), meeting(meetingId)));
        failed(run(CONNECTION_ROUTE, free(host), meeting(meetingId)), "VALIDATION_ERROR");
    }

    @Test
    void theNewRoutesAreDocumented() {
        JsonNode paths = get("/v3/api-docs").json().get("paths");
        for (String route : List.of(TOKEN_ROUTE, CONNECTION_ROUTE)) {
            assertThat(paths.path(route).path("post").path("responses").has("200")).as(route).isTrue();
        }
    }

    /** As GetStream checks a user token: HS256 with the API secret, the user in {@code user_id}, not expired. */
    private static JWTClaimsSet verifiedAsGetStreamDoes(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(STREAM_API_SECRET))).as("signed with the API secret").isTrue();
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
        return jwt.getJWTClaimsSet();
    }
}
