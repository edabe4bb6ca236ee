package io.connvo.meetings.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP calls against a gateway on a local port, with an optional bearer token, and the assertions on the
 * response envelope ({@link #ok}, {@link #failed}).
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;

    public TestHttp(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** An answer with its body read as JSON (an empty object for an empty body or one that is not JSON, such as a
     * metrics scrape: the envelope's assertions then fail on it). */
    public record Reply(int status, HttpHeaders headers, String body, JsonNode json) {

        public static Reply of(HttpResponse<String> response) {
            return of(response.statusCode(), response.headers(), response.body());
        }

        public static Reply of(int status, HttpHeaders headers, String body) {
            boolean json = !body.isEmpty() && headers.firstValue("Content-Type").orElse("").contains("json");
            return new Reply(status, headers, body, json ? JSON.readTree(body) : JSON.createObjectNode());
        }

        public JsonNode value() {
            return json.get("value");
        }

        /** The error envelope's message. */
        public String message() {
            return json.path("errorMessage").asString();
        }

        public String code() {
            return json.path("errorData").path("code").asString();
        }

        /** The field a validation error names. */
        public String field() {
            return json.path("errorData").path("metadata").path("field").asString();
        }
    }

    public HttpResponse<String> get(String path, String authorization) {
        return send(request(path, authorization).GET().build());
    }

    public HttpResponse<String> post(String path, String authorization, String jsonBody) {
        return post(path, authorization, jsonBody, new String[0]);
    }

    /** {@code headers}: name, value, name, value, ... */
    public HttpResponse<String> post(String path, String authorization, String jsonBody, String... headers) {
        return postAs("application/json", path, authorization, jsonBody, headers);
    }

    /** A POST with the given Content-Type, or none when {@code contentType} is null. */
    public HttpResponse<String> postAs(String contentType, String path, String authorization, String body,
            String... headers) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            named.put(headers[i], headers[i + 1]);
        }
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8), authorization, named);
    }

    /** Any method; {@code contentType}, {@code body} and {@code authorization} may be null. */
    public HttpResponse<String> send(String method, String path, String contentType, byte[] body,
            String authorization, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, authorization).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** {@code Bearer <token>}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** A request built by the test itself. */
    public static Reply exchange(HttpRequest request) {
        return Reply.of(send(request));
    }

    /** A success envelope: 200, status success, no error; the reply for further assertions. */
    public static Reply ok(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("success");
        assertThat(reply.json().get("errorMessage").asString()).isEmpty();
        assertThat(reply.json().get("errorData").isEmpty()).isTrue();
        return reply;
    }

    /** An error envelope with {@code code}, its HTTP status and a message, and no value. */
    public static Reply failed(Reply reply, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(switch (code) {
            case "UNAUTHORIZED" -> 401;
            case "INTERNAL_ERROR" -> 500;
            case "SERVICE_UNAVAILABLE" -> 503;
            default -> 400;
        });
        assertThat(reply.json().get("status").asString()).isEqualTo("error");
        assertThat(reply.code()).as(reply.body()).isEqualTo(code);
        assertThat(reply.json().get("errorMessage").asString()).isNotBlank()
                .isEqualTo(reply.json().path("errorData").path("message").asString());
        assertThat(reply.json().has("value")).isFalse();
        return reply;
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
