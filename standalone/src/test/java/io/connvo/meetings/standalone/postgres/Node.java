package io.connvo.meetings.standalone.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ConfigurableApplicationContext;

/** One running node seen through its HTTP port: development tokens and the {@code /api/run} routes. */
final class Node {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, JsonNode body) {
        JsonNode value() {
            return body.path("value");
        }

        String errorCode() {
            return body.path("errorData").path("code").asText();
        }
    }

    private final String baseUrl;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Node(ConfigurableApplicationContext context) {
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    String token(String userId) {
        return tokens.computeIfAbsent(userId, user -> post("/dev/tokens", Map.of("sub", user), null)
                .body().path("token").asText());
    }

    Response run(String route, String userId, Map<String, Object> args) {
        return post("/api/run/meetings/" + route, Map.of("args", args), token(userId));
    }

    private Response post(String path, Object body, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }
}
