package io.connvo.meetings.standalone.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code Idempotency-Key}s on PostgreSQL, shared by two standalone nodes: a key used on one node is answered by the
 * other, concurrent repeats spread over both nodes execute once, and a restarted node still knows the key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyAcrossNodesTest {

    private static final String CREATE = "lifecycle/createMeeting";

    private EmbeddedPostgres postgres;
    private String url;
    private Path dataDir;
    private ConfigurableApplicationContext contextA;
    private ConfigurableApplicationContext contextB;
    private JdbcClient db;

    @BeforeAll
    void startTwoNodes() throws Exception {
        postgres = EmbeddedPostgres.start();
        url = postgres.getJdbcUrl("postgres", "postgres");
        dataDir = Files.createTempDirectory("connvo-idempotency"); // shared: both nodes sign with one dev key
        contextA = Node.start("node-a", url, dataDir);
        contextB = Node.start("node-b", url, dataDir);
        db = JdbcClient.create(contextA.getBean(DataSource.class));
    }

    @AfterAll
    void stop() throws Exception {
        Node.stopAll(postgres, contextA, contextB);
    }

    private long meetingsCreatedBy(String host) {
        return db.sql("SELECT payload FROM domain_event_entry WHERE payload_type LIKE '%.MeetingCreated'")
                .query((rs, i) -> new String(rs.getBytes(1), StandardCharsets.UTF_8)).list().stream()
                .filter(payload -> payload.contains("\"" + host + "\"")).count();
    }

    @Test
    void aKeyUsedOnOneNodeIsAnsweredByTheOtherAndSurvivesItsRestart() {
        String host = "user_" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        Map<String, Object> args = Map.of("title", "Retried across nodes");

        Reply first = new Node(contextA).runWithKey(CREATE, host, key, args);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Reply onB = new Node(contextB).runWithKey(CREATE, host, key, args);
        assertThat(onB.json()).isEqualTo(first.json());

        contextB.close();
        contextB = Node.start("node-b", url, dataDir);
        Reply afterRestart = new Node(contextB).runWithKey(CREATE, host, key, args);
        assertThat(afterRestart.json()).isEqualTo(first.json());
        Reply otherBody = new Node(contextB).runWithKey(CREATE, host, key, Map.of("title", "Another"));
        assertThat(otherBody.code()).isEqualTo("CONFLICT");

        assertThat(meetingsCreatedBy(host)).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsOverBothNodesExecuteOnce() throws Exception {
        String host = "user_" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        Map<String, Object> args = Map.of("title", "Eight at once, two nodes");
        List<Node> nodes = List.of(new Node(contextA), new Node(contextB));
        nodes.forEach(node -> node.token(host)); // tokens first: the race is the command's
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Node node = nodes.get(i % 2);
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return node.runWithKey(CREATE, host, key, args);
                }, pool));
            }
            go.countDown();
            List<String> meetingIds = new ArrayList<>();
            for (CompletableFuture<Reply> reply : replies) {
                Reply response = reply.get();
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                meetingIds.add(response.value().path("meetingId").asString());
            }
            assertThat(meetingIds).containsOnly(meetingIds.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(meetingsCreatedBy(host)).isEqualTo(1);
        assertThat(db.sql("SELECT COUNT(*) FROM idempotency_key WHERE caller_id = ?").param(host)
                .query(Long.class).single()).isEqualTo(1);
    }
}
