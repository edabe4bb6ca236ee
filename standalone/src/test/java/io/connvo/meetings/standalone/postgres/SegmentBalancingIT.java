package io.connvo.meetings.standalone.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Standalone nodes joining, stopping and dying on one PostgreSQL: after each change every live node holds an equal
 * share of each processor's 12 segments within 30 seconds, ownership read from {@code token_entry}. Nodes A and B
 * run in this JVM (B stops gracefully); node C is the packaged jar as a child process, killed with SIGKILL, so its
 * claims stay in the token store until they time out. Meetings are worked on throughout; at the end every view
 * matches the event store (nothing lost, nothing projected twice). Runs in {@code integration-test} (failsafe),
 * after the jar is packaged.
 */
class SegmentBalancingIT {

    private static final List<String> PROCESSORS = List.of("meeting-view", "recording-view", "media-saga");
    private static final Duration FAIR_WITHIN = Duration.ofSeconds(30);

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final List<String> meetingIds = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private Process child;
    private JdbcClient db;

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroyForcibly();
        }
        contexts.forEach(ConfigurableApplicationContext::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void joiningStoppingAndKilledNodesLeaveEveryLiveNodeAnEqualShare() throws Exception {
        postgres = EmbeddedPostgres.start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        Path dataDir = Files.createTempDirectory("connvo-balancing"); // shared: one dev token key

        Node a = new Node(start("node-a", url, dataDir));
        db = JdbcClient.create(contexts.get(0).getBean(DataSource.class));
        awaitShares("node-a alone", Map.of("node-a", 12));
        work(a, 3);

        ConfigurableApplicationContext contextB = start("node-b", url, dataDir);
        Node b = new Node(contextB);
        awaitShares("node-b joined", Map.of("node-a", 6, "node-b", 6));
        work(b, 3);

        Node c = new Node(startChild("node-c", url, dataDir));
        awaitShares("node-c joined", Map.of("node-a", 4, "node-b", 4, "node-c", 4));
        work(c, 3);
        work(a, 3);

        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        awaitShares("node-c killed", Map.of("node-a", 6, "node-b", 6));
        work(b, 3);

        contextB.close();
        awaitShares("node-b stopped", Map.of("node-a", 12));
        work(a, 3);

        // every meeting's view reaches its last event's sequence; one view and one participant row per event
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.sql("""
                        SELECT count(*) FROM meeting_view v JOIN (
                            SELECT aggregate_identifier, max(sequence_number) AS last FROM domain_event_entry
                            GROUP BY aggregate_identifier) e ON e.aggregate_identifier = v.meeting_id
                        WHERE v.version = e.last""").query(Long.class).single()).isEqualTo((long) meetingIds.size()));
        assertThat(db.sql("SELECT count(*) FROM meeting_view").query(Long.class).single()).isEqualTo(meetingIds.size());
        assertThat(db.sql("SELECT count(*) FROM meeting_participant_view").query(Long.class).single())
                .isEqualTo(db.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%.ParticipantAdded'")
                        .query(Long.class).single());
        assertThat(db.sql("SELECT count(*) FROM meeting_participant_view WHERE presence = 'JOINED'")
                .query(Long.class).single()).isEqualTo(meetingIds.size());
    }

    private ConfigurableApplicationContext start(String nodeId, String url, Path dataDir) {
        ConfigurableApplicationContext context = Node.start(nodeId, url, dataDir);
        contexts.add(context);
        return context;
    }

    /** The packaged jar with the same arguments as the in-JVM nodes; returns its HTTP port once it is healthy. */
    private int startChild(String nodeId, String url, Path dataDir) throws Exception {
        Path jar = Path.of("target", "connvo-standalone.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "balancing-logs", nodeId + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString())); // C1 only: starts faster on a busy machine
        Stream.concat(Arrays.stream(Node.arguments(nodeId, url, dataDir)).filter(arg -> !arg.startsWith("--server.port=")),
                Stream.of("--server.port=" + port)).forEach(command::add);
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    assertThat(child.isAlive()).as("see " + log).isTrue();
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                });
        return port;
    }

    /** Waits until every processor's segments are owned exactly as given; prints how long it took. */
    private void awaitShares(String change, Map<String, Integer> expected) {
        long since = System.nanoTime();
        await(change).atMost(FAIR_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String processor : PROCESSORS) {
                assertThat(owners(processor)).as(processor).isEqualTo(expected);
            }
        });
        System.out.printf("segment balancing: %s, fair shares %s after %d ms%n", change, expected,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
    }

    private Map<String, Integer> owners(String processor) {
        Map<String, Integer> owners = new TreeMap<>();
        db.sql("SELECT coalesce(owner, '(none)'), count(*) FROM token_entry WHERE processor_name = ? GROUP BY owner")
                .param(processor)
                .query((rs, i) -> owners.put(rs.getString(1), rs.getInt(2)))
                .list();
        return owners;
    }

    /** A few meetings created, started, with a guest invited and joined, through {@code node}. */
    private void work(Node node, int meetings) {
        for (int i = 0; i < meetings; i++) {
            String host = "user_host_" + meetingIds.size();
            String guest = "user_guest_" + meetingIds.size();
            Reply created = node.run("lifecycle/createMeeting", host, Map.of("title", "Balanced"));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            String id = created.value().path("meetingId").asString();
            meetingIds.add(id);
            for (Reply response : List.of(
                    node.run("lifecycle/startMeeting", host, Map.of("meetingId", id)),
                    node.run("lifecycle/addParticipant", host, Map.of("meetingId", id, "userId", guest)),
                    node.run("lifecycle/joinMeeting", guest, Map.of("meetingId", id)))) {
                assertThat(response.status()).as(response.body()).isEqualTo(200);
            }
        }
    }
}
