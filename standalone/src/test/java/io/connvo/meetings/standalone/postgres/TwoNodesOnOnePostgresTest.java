package io.connvo.meetings.standalone.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two standalone nodes (no Axon Server) on one PostgreSQL: commands are accepted on either node, races on the
 * same meeting are settled by the event store's unique (aggregate, sequence) key and the gateway's retry, the
 * event processors split their segments through the shared token store, read-your-writes works whichever node
 * projected, and afterwards the views match the event store exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesOnOnePostgresTest {

    private static final List<String> PROCESSORS = List.of("meeting-view", "recording-view", "media-saga");
    private static final int MEETINGS = 36; // 7 commands each: 252 commands

    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext contextA;
    private ConfigurableApplicationContext contextB;
    private Node a;
    private Node b;
    private JdbcClient db;

    @BeforeAll
    void startTwoNodes() throws Exception {
        postgres = EmbeddedPostgres.start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        Path dataDir = Files.createTempDirectory("connvo-two-nodes"); // shared: both nodes sign with one dev key
        // Events appended by the other node are seen at the store's next poll (about a second when idle); on a
        // loaded build machine that can pass the default 2 s read-your-writes bound, after which a response
        // carries the older view by design. The test asserts read-your-writes, so it gives the wait more room.
        String[] claimFast = Stream.concat(PROCESSORS.stream()
                        .map(p -> "--axon.eventhandling.processors." + p + ".token-claim-interval=300"),
                Stream.of("--connvo.gateway.read-your-writes-timeout=10s"))
                .toArray(String[]::new);
        contextA = Node.start("node-a", url, dataDir, claimFast);
        contextB = Node.start("node-b", url, dataDir, claimFast);
        a = new Node(contextA);
        b = new Node(contextB);
        db = JdbcClient.create(contextA.getBean(DataSource.class));
    }

    @AfterAll
    void stop() throws Exception {
        Node.stopAll(postgres, contextA, contextB);
    }

    @Test
    void aFewHundredCommandsOverBothNodesLeaveViewsEqualToTheEventStore() throws Exception {
        // Node A started first and claimed every segment; it hands half of them over, node B claims them.
        EventProcessingConfiguration processing = contextA.getBean(EventProcessingConfiguration.class);
        for (String name : PROCESSORS) {
            processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow().releaseSegment(1);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(db.sql(
                        "SELECT DISTINCT processor_name, owner FROM token_entry WHERE owner IS NOT NULL")
                .query((rs, i) -> rs.getString(1) + "@" + rs.getString(2)).list())
                .containsAll(PROCESSORS.stream().flatMap(p -> List.of(p + "@node-a", p + "@node-b").stream()).toList()));

        AtomicInteger conflicts = new AtomicInteger();
        List<String> meetingIds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        ExecutorService racers = Executors.newFixedThreadPool(12); // the concurrent pairs: never wait on `pool`
        try {
            List<CompletableFuture<String>> lifecycles = new ArrayList<>();
            for (int i = 0; i < MEETINGS; i++) {
                int n = i;
                lifecycles.add(CompletableFuture.supplyAsync(() -> lifecycle(n, racers, conflicts), pool));
            }
            for (CompletableFuture<String> lifecycle : lifecycles) {
                meetingIds.add(lifecycle.get());
            }
        } finally {
            pool.shutdownNow();
            racers.shutdownNow();
        }

        // every meeting's view reaches the last event's sequence (projected on whichever node owns its segment)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(db.sql("""
                        SELECT count(*) FROM meeting_view v JOIN (
                            SELECT aggregate_identifier, max(sequence_number) AS last FROM domain_event_entry
                            GROUP BY aggregate_identifier) e ON e.aggregate_identifier = v.meeting_id
                        WHERE v.version = e.last""").query(Long.class).single()).isEqualTo((long) MEETINGS));
        // no lost and no duplicated rows: one view per aggregate, one participant row per host and invitation
        assertThat(db.sql("SELECT count(*) FROM meeting_view").query(Long.class).single()).isEqualTo(MEETINGS);
        assertThat(db.sql("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry").query(Long.class).single())
                .isEqualTo(MEETINGS);
        long participants = db.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%.ParticipantAdded'")
                .query(Long.class).single();
        assertThat(participants).as("the host and two invited users per meeting").isEqualTo(3L * MEETINGS);
        assertThat(db.sql("SELECT count(*) FROM meeting_participant_view").query(Long.class).single())
                .isEqualTo(participants);
        assertThat(db.sql("SELECT presence, count(*) FROM meeting_participant_view GROUP BY presence")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
                .as("per meeting: the host invited, u1 left, u2 still joined")
                .containsExactlyInAnyOrder(Map.entry("INVITED", (long) MEETINGS), Map.entry("LEFT", (long) MEETINGS),
                        Map.entry("JOINED", (long) MEETINGS));
        // the event store's global index has no duplicates and sequences per meeting have no gaps
        assertThat(db.sql("""
                        SELECT count(*) FROM (SELECT aggregate_identifier FROM domain_event_entry GROUP BY aggregate_identifier
                        HAVING max(sequence_number) + 1 <> count(*)) gaps""").query(Long.class).single()).isZero();
        // both nodes did project: segments were split
        assertThat(db.sql("SELECT count(DISTINCT owner) FROM token_entry WHERE processor_name = 'meeting-view'")
                .query(Long.class).single()).isEqualTo(2L);
        // a lost race's rolled-back insert still used up its identity value: the gaps count the races
        long lostAppends = db.sql("SELECT max(global_index) - count(*) FROM domain_event_entry").query(Long.class).single();
        System.out.printf("two nodes: %d meetings, %d commands, %d appends lost a race, %d answered CONFLICT after the "
                + "gateway's retries%n", MEETINGS, MEETINGS * 7, lostAppends, conflicts.get());
    }

    /** One meeting's life, with two pairs of concurrent commands on the same meeting sent to different nodes. */
    private String lifecycle(int n, ExecutorService pool, AtomicInteger conflicts) {
        Node first = n % 2 == 0 ? a : b;
        Node second = first == a ? b : a;
        String host = "user_host_" + n;
        String u1 = "user_one_" + n;
        String u2 = "user_two_" + n;

        Reply created = accepted(() -> first.run("lifecycle/createMeeting", host, Map.of("title", "Meeting " + n)),
                conflicts);
        String id = created.value().path("meetingId").asString();
        assertThat(created.value().path("version").isNumber()).as("read-your-writes on create: %s", created.body()).isTrue();

        Reply started = accepted(() -> second.run("lifecycle/startMeeting", host, Map.of("meetingId", id)),
                conflicts);
        assertThat(started.value().path("webrtcReady").asBoolean()).isTrue();

        both(pool, conflicts,
                () -> first.run("lifecycle/addParticipant", host, Map.of("meetingId", id, "userId", u1)),
                () -> second.run("lifecycle/addParticipant", host, Map.of("meetingId", id, "userId", u2)));
        both(pool, conflicts,
                () -> second.run("lifecycle/joinMeeting", u1, Map.of("meetingId", id)),
                () -> first.run("lifecycle/joinMeeting", u2, Map.of("meetingId", id)));
        Reply left = accepted(() -> first.run("lifecycle/leaveMeeting", u1, Map.of("meetingId", id)), conflicts);
        // read-your-writes: the answering node shows the leave, whichever node projected it
        assertThat(left.value().path("meeting").path("participants").findValuesAsString("presence"))
                .as("leave answered by %s: %s", first == a ? "node-a" : "node-b", left.body()).contains("left");
        return id;
    }

    private void both(ExecutorService pool, AtomicInteger conflicts, Supplier<Reply> one,
                      Supplier<Reply> other) {
        CompletableFuture<Reply> x = CompletableFuture.supplyAsync(() -> accepted(one, conflicts), pool);
        CompletableFuture<Reply> y = CompletableFuture.supplyAsync(() -> accepted(other, conflicts), pool);
        x.join();
        y.join();
    }

    /**
     * 200, possibly after the gateway's own retries of a lost race; should a race be lost even after those, the
     * answer must be a clean CONFLICT (never a 500 or another code), and the client sends the command again.
     */
    private static Reply accepted(Supplier<Reply> command, AtomicInteger conflicts) {
        for (int attempt = 1; ; attempt++) {
            Reply response = command.get();
            if (response.status() == 200) {
                return response;
            }
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.code()).as(response.body()).isEqualTo("CONFLICT");
            assertThat(attempt).as("still CONFLICT after %d attempts", attempt).isLessThan(5);
            conflicts.incrementAndGet();
        }
    }
}
