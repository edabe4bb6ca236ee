package io.connvo.meetings.standalone.postgres;

import io.connvo.meetings.standalone.StandaloneApplication;
import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

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

    private final TestHttp http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Node(ConfigurableApplicationContext context) {
        this(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** A node listening on {@code port} of 127.0.0.1, e.g. one running as a child process. */
    Node(int port) {
        this.http = new TestHttp(port);
    }

    String token(String userId) {
        return tokens.computeIfAbsent(userId, user -> post("/dev/tokens", Map.of("sub", user), null)
                .json().path("token").asString());
    }

    /** A token with role {@code admin}: a paid-tier user. */
    String paidToken(String userId) {
        return tokens.computeIfAbsent("paid:" + userId, key -> post("/dev/tokens", Map.of("sub", userId, "role", "admin"),
                null).json().path("token").asString());
    }

    Reply run(String route, String userId, Map<String, Object> args) {
        return runWith(route, token(userId), args);
    }

    Reply runWith(String route, String bearer, Map<String, Object> args) {
        return post("/api/run/meetings/" + route, Map.of("args", args), bearer);
    }

    /** A command with an {@code Idempotency-Key}. */
    Reply runWithKey(String route, String userId, String idempotencyKey, Map<String, Object> args) {
        return post("/api/run/meetings/" + route, Map.of("args", args), token(userId), "Idempotency-Key", idempotencyKey);
    }

    /** {@code headers}: name, value, name, value, ... */
    private Reply post(String path, Object body, String bearer, String... headers) {
        return Reply.of(http.post(path, bearer == null ? null : TestHttp.bearer(bearer), JSON.writeValueAsString(body),
                headers));
    }
}
