package io.connvo.meetings.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** The gateway's HTTP contract as the harness uses it: {@code POST /api/run/...} with {@code {"args":{...}}}. */
final class Api {

    static final String CREATE_MEETING = "/api/run/meetings/lifecycle/createMeeting";
    static final String START_MEETING = "/api/run/meetings/lifecycle/startMeeting";
    static final String START_RECORDING = "/api/run/meetings/stream/index/startRecording";
    static final String STOP_RECORDING = "/api/run/meetings/stream/index/stopRecording";
    static final String GET_MEETING = "/api/run/meetings/queries/getMeeting";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http;

    Api(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI base() {
        return base;
    }

    /** A response: the status and the parsed body ({@link MissingNode} when it is not JSON). */
    record Response(int status, JsonNode body) {

        boolean ok() {
            return status == 200 && !"error".equals(body.path("status").asString(""));
        }

        /** The envelope's value on success. */
        JsonNode value() {
            return body.path("value");
        }

        /** {@code null} on success, else the envelope's error code or {@code HTTP_<status>}. */
        String errorCode() {
            if (ok()) {
                return null;
            }
            String code = body.path("errorData").path("code").asString("");
            return code.isEmpty() ? "HTTP_" + status : code;
        }
    }

    Response run(String route, String token, Map<String, ?> args) throws IOException, InterruptedException {
        return post(route, token, Map.of("args", args));
    }

    Response post(String path, String token, Object body) throws IOException, InterruptedException {
        return post(path, token, body, Duration.ofSeconds(30));
    }

    Response post(String path, String token, Object body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Response get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
        } catch (RuntimeException notJson) {
            body = MissingNode.getInstance();
        }
        return new Response(response.statusCode(), body);
    }

    /** Mints a token through the development issuer: {@code POST /dev/tokens {"sub","role","entitlements"} → {"token"}}. */
    String mintToken(String sub, String role, List<String> entitlements) throws IOException, InterruptedException {
        Response response = post("/dev/tokens", null, Map.of("sub", sub, "role", role, "entitlements", entitlements));
        String token = response.body().path("token").asString("");
        if (token.isEmpty()) {
            token = response.value().path("token").asString("");
        }
        if (response.status() != 200 || token.isEmpty()) {
            throw new IllegalStateException("POST " + base + "/dev/tokens gave HTTP " + response.status() + ": " + response.body());
        }
        return token;
    }
}
