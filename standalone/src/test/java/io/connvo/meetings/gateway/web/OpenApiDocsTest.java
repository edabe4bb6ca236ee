package io.connvo.meetings.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /v3/api-docs} documents every route; the seed endpoints with the seed's request and response shapes. */
class OpenApiDocsTest extends GatewayHttpTest {

    @Test
    void everyRouteIsDocumented() {
        JsonNode paths = docs().get("paths");
        for (String route : List.of("lifecycle/createMeeting", "lifecycle/startMeeting", "lifecycle/endMeeting",
                "lifecycle/cancelMeeting", "lifecycle/addParticipant", "lifecycle/joinMeeting", "lifecycle/leaveMeeting",
                "stream/index/startRecording", "stream/index/stopRecording", "queries/getMeeting",
                "queries/listRecordings")) {
            JsonNode post = paths.path(RUN + route).path("post");
            assertThat(post.isMissingNode()).as(route).isFalse();
            assertThat(post.at("/requestBody/required").asBoolean()).as(route).isTrue();
            assertThat(post.path("responses").has("200")).as(route).isTrue();
            assertThat(post.path("responses").has("400")).as(route).isTrue();
            assertThat(post.path("security").toString()).as(route).contains("bearerAuth");
            // the caller comes from the token; commands take an optional Idempotency-Key, queries nothing
            JsonNode parameters = post.path("parameters");
            if (route.startsWith("queries/")) {
                assertThat(parameters.isEmpty()).as(route).isTrue();
            } else {
                assertThat(parameters.size()).as(route).isEqualTo(1);
                assertThat(parameters.get(0).get("name").asString()).isEqualTo("Idempotency-Key");
                assertThat(parameters.get(0).get("in").asString()).isEqualTo("header");
                assertThat(parameters.get(0).get("required").asBoolean()).isFalse();
                assertThat(parameters.get(0).at("/schema/maxLength").asInt()).isEqualTo(255);
            }
        }
        for (String read : List.of("lifecycle/getMeetingConnectionInfo", "stream/index/generateParticipantToken")) {
            assertThat(paths.path(RUN + read).path("post").path("parameters").isEmpty()).as(read).isTrue();
        }
    }

    @Test
    void createMeetingDocumentsItsOwnMaximumDuration() {
        JsonNode docs = docs();
        JsonNode post = docs.at("/paths/~1api~1run~1meetings~1lifecycle~1createMeeting/post");
        JsonNode args = resolve(docs, resolve(docs, post.at("/requestBody/content/application~1json/schema"))
                .at("/properties/args"));
        JsonNode maxDuration = args.at("/properties/maxDurationMinutes");
        assertThat(maxDuration.get("type").asString()).isEqualTo("integer");
        assertThat(maxDuration.get("minimum").asInt()).isEqualTo(1);
    }

    @Test
    void theWebhookReceiverSaysWhichWebhooksItHandles() {
        JsonNode post = docs().at("/paths/~1webhooks~1getstream/post");
        assertThat(post.isMissingNode()).isFalse();
        assertThat(post.path("description").asString()).contains("call.recording_started", "call.transcription_started",
                "call.session_participant_joined", "call.session_ended", "X-Webhook-Id");
    }

    @Test
    void startMeetingKeepsTheSeedShapes() {
        JsonNode docs = docs();
        JsonNode post = docs.at("/paths/~1api~1run~1meetings~1lifecycle~1startMeeting/post");
        JsonNode request = resolve(docs, post.at("/requestBody/content/application~1json/schema"));
        assertThat(request.get("required").toString()).contains("args");
        JsonNode args = resolve(docs, request.at("/properties/args"));
        assertThat(args.get("required").toString()).contains("meetingId");
        assertThat(args.at("/properties/meetingId/type").asString()).isEqualTo("string");

        JsonNode response = resolve(docs, post.at("/responses/200/content/application~1json/schema"));
        assertThat(response.get("required").toString()).contains("status");
        JsonNode value = resolve(docs, response.at("/properties/value"));
        assertThat(value.get("required").toString()).contains("success", "videoProvider", "webrtcReady");
        assertThat(resolve(docs, value.at("/properties/videoProvider")).get("enum").toString())
                .isEqualTo("[\"webrtc\",\"getstream\"]");
        JsonNode roomInfo = resolve(docs, value.at("/properties/roomInfo"));
        JsonNode iceServer = resolve(docs, roomInfo.at("/properties/iceServers/items"));
        assertThat(iceServer.get("required").toString()).contains("urls");
        assertThat(iceServer.path("properties").has("username")).isTrue();
        assertThat(iceServer.path("properties").has("credential")).isTrue();
    }

    @Test
    void startRecordingKeepsTheSeedShapes() {
        JsonNode docs = docs();
        JsonNode post = docs.at("/paths/~1api~1run~1meetings~1stream~1index~1startRecording/post");
        JsonNode args = resolve(docs, resolve(docs, post.at("/requestBody/content/application~1json/schema"))
                .at("/properties/args"));
        assertThat(args.get("required").toString()).contains("meetingId");
        JsonNode config = resolve(docs, args.at("/properties/recordingConfig"));
        assertThat(config.path("properties").propertyNames()).contains("mode", "audioOnly", "quality", "layout");
        assertThat(resolve(docs, config.at("/properties/quality")).get("enum").toString())
                .contains("360p", "720p", "1080p");

        JsonNode value = resolve(docs, resolve(docs, post.at("/responses/200/content/application~1json/schema"))
                .at("/properties/value"));
        assertThat(value.get("required").toString()).contains("recordingId", "success");
        assertThat(value.path("properties").has("recordingUrl")).isTrue();
    }

    private JsonNode docs() {
        Reply reply = get("/v3/api-docs");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Follows a local {@code $ref} (possibly inside a one-element {@code allOf}). */
    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        JsonNode node = schema;
        if (node.has("allOf") && node.get("allOf").size() == 1) {
            node = node.get("allOf").get(0);
        }
        if (node.has("$ref")) {
            return docs.at(node.get("$ref").asString().substring(1));
        }
        return node;
    }
}
