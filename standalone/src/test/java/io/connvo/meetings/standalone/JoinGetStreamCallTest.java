package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A participant's GetStream token, from the gateway, is accepted by GetStream (the sandbox) for that call only. */
class JoinGetStreamCallTest extends StandaloneHttpTest {

    @Test
    void aParticipantJoinsThePaidCallWithItsTokenAndOnlyThatCall() throws Exception {
        String hostToken = paidUserToken(user("host"));
        String guest = user("guest");
        String meetingId = provisionedPaidMeeting(hostToken);
        String other = provisionedPaidMeeting(hostToken);
        ok("lifecycle/addParticipant", Map.of("meetingId", meetingId, "userId", guest), hostToken);

        JsonNode credentials = ok("stream/index/generateParticipantToken", Map.of("meetingId", meetingId),
                token(guest, null));

        assertThat(credentials.path("apiKey").asString()).isEqualTo(sandbox.config().apiKey());
        HttpResponse<String> joined = join(credentials.path("apiKey").asString(), credentials.path("callType").asString(),
                credentials.path("callId").asString(), credentials.path("token").asString());
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(join(credentials.path("apiKey").asString(), "default", other, credentials.path("token").asString())
                .statusCode()).isEqualTo(401);
    }

    /** What a GetStream client SDK sends to enter a call: the user token, no Bearer, {@code Stream-Auth-Type: jwt}. */
    private HttpResponse<String> join(String apiKey, String callType, String callId, String userToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                                + "api/v2/video/call/" + callType + "/" + callId + "/join?api_key=" + apiKey))
                        .header("Authorization", userToken).header("Stream-Auth-Type", "jwt")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"create\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
