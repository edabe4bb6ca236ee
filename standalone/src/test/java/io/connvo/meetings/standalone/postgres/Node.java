package io.connvo.meetings.standalone.postgres;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.connvo.meetings.standalone.StandaloneApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One node of the standalone deployment ({@link StandaloneApplication} with its {@code postgres} profile) on a
 * given PostgreSQL, seen through its HTTP port: development tokens and the {@code /api/run} routes.
 */
final class Node {

    /** Starts a node; nodes sharing {@code dataDir} sign development tokens with one key. */
    static ConfigurableApplicationContext start(String nodeId, String jdbcUrl, Path dataDir, String... extra) {
        return new SpringApplicationBuilder(StandaloneApplication.class)
                .run(Stream.concat(Arrays.stream(arguments(nodeId, jdbcUrl, dataDir)), Arrays.stream(extra))
                        .toArray(String[]::new));
    }

    /** Stops the nodes (the last started first), then their PostgreSQL; any of them may be null. */
    static void stopAll(EmbeddedPostgres postgres, ConfigurableApplicationContext... nodes) throws IOException {
        for (int i = nodes.length - 1; i >= 0; i--) {
            if (nodes[i] != null) {
                nodes[i].close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The command-line arguments of a node; the server port is random unless {@code extra} sets it. */
    static String[] arguments(String nodeId, String jdbcUrl, Path dataDir) {
        return new String[] {
                "--spring.profiles.active=postgres",
                "--CONNVO_POSTGRES_URL=" + jdbcUrl,
                "--CONNVO_POSTGRES_USER=postgres",
                "--CONNVO_POSTGRES_PASSWORD=postgres",
                "--connvo.node.id=" + nodeId,
                "--connvo.data-dir=" + dataDir,
                "--connvo.deadlines.polling-interval=200ms",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--spring.lifecycle.timeout-per-shutdown-phase=5s",
        };
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, JsonNode body) {
        JsonNode value() {
            return body.path("value");
        }

        String errorCode() {
            return body.path("errorData").path("code").asString();
        }
    }

    private final String baseUrl;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Node(ConfigurableApplicationContext context) {
        this(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** A node listening on {@code port} of 127.0.0.1, e.g. one running as a child process. */
    Node(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    String token(String userId) {
        return tokens.computeIfAbsent(userId, user -> post("/dev/tokens", Map.of("sub", user), null)
                .body().path("token").asString());
    }

    /** A token with role {@code admin}: a paid-tier user. */
    String paidToken(String userId) {
        return tokens.computeIfAbsent("paid:" + userId, key -> post("/dev/tokens", Map.of("sub", userId, "role", "admin"),
                null).body().path("token").asString());
    }

    Response run(String route, String userId, Map<String, Object> args) {
        return runWith(route, token(userId), args);
    }

    Response runWith(String route, String bearer, Map<String, Object> args) {
        return post("/api/run/meetings/" + route, Map.of("args", args), bearer);
    }

    /** A command with an {@code Idempotency-Key}. */
    Response runWithKey(String route, String userId, String idempotencyKey, Map<String, Object> args) {
        return post("/api/run/meetings/" + route, Map.of("args", args), token(userId), "Idempotency-Key", idempotencyKey);
    }

    /** {@code headers}: name, value, name, value, ... */
    private Response post(String path, Object body, String bearer, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }
}
