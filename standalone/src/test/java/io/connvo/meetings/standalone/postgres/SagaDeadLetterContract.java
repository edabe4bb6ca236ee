package io.connvo.meetings.standalone.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.admin.DeadLetterList;
import io.connvo.meetings.api.admin.DeadLetterOutcome;
import io.connvo.meetings.api.admin.DeadLetterView;
import io.connvo.meetings.api.admin.ListDeadLetters;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.RetryDeadLetters;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.api.event.TranscriptionStopped;
import io.connvo.meetings.platform.AdminMessages;
import io.connvo.meetings.testsupport.TestHttp.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A media saga step that keeps failing, in the standalone application as it runs (paid meetings provisioned through
 * the in-process GetStream sandbox). The poison is the saga store refusing one meeting's saga (a CHECK constraint on
 * its association), which an operator can remove: the failure comes at the saga's commit, after its handler ran.
 * Subclasses run it on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SagaDeadLetterContract {

    static final int MAX_ATTEMPTS = 3;
    private static final Duration PROMPTLY = Duration.ofSeconds(30);
    private static final String HOST = "user_saga_host";

    ConfigurableApplicationContext context;
    private JdbcClient db;
    private Node node;

    /** Starts the standalone application on the store under test with {@code deadLetterSettings}. */
    abstract ConfigurableApplicationContext startApplication(Path dataDir, String... deadLetterSettings) throws Exception;

    @BeforeAll
    void start() throws Exception {
        context = startApplication(Files.createTempDirectory("connvo-saga-dead-letters"),
                "--connvo.dead-letters.max-attempts=" + MAX_ATTEMPTS,
                "--connvo.dead-letters.retry-delay=100ms",
                "--connvo.dead-letters.poll-interval=100ms");
        db = JdbcClient.create(context.getBean(DataSource.class));
        node = new Node(context);
    }

    @AfterAll
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aSagaStepThatKeepsFailingParksOnlyItsMeetingAndCompletesOnceRetriedAfterTheCauseIsRemoved() {
        String poisoned = createPaidMeeting();
        List<String> others = IntStream.range(0, 6).mapToObj(i -> createPaidMeeting()).toList();
        db.sql("ALTER TABLE association_value_entry ADD CONSTRAINT no_poison CHECK (association_value <> '"
                + poisoned + "')").update();

        startMeeting(poisoned);
        others.forEach(this::startMeeting);

        // Every other meeting gets its room promptly, once.
        await().atMost(PROMPTLY).untilAsserted(() -> others.forEach(id ->
                assertThat(events(id, "VideoRoomProvisioned")).as(id).isEqualTo(1)));
        // The poisoned meeting's start fails at the saga's commit until the automatic retries are used up.
        DeadLetterList parked = await().atMost(PROMPTLY).until(this::deadLetters,
                list -> list.letters() == 1 && list.shown().get(0).parked());
        DeadLetterView letter = parked.shown().get(0);
        assertThat(letter.meetingId()).isEqualTo(poisoned);
        assertThat(letter.eventType()).isEqualTo(MeetingStarted.class.getName());
        assertThat(letter.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(letter.causeMessage()).contains("store a Saga Entry");
        // Its later events wait behind it.
        append(poisoned, new TranscriptionStopped(new MeetingId(poisoned), "test", Instant.now()));
        DeadLetterList waiting = await().atMost(PROMPTLY).until(this::deadLetters, list -> list.letters() == 2);
        assertThat(waiting.shown().get(1).eventType()).isEqualTo(TranscriptionStopped.class.getName());
        assertThat(waiting.shown().get(1).attempts()).isZero();
        assertThat(events(poisoned, "VideoRoomProvisioned")).isZero();
        assertThat(health()).containsEntry("media-saga", Map.of("meetings", 1L, "letters", 2L));
        assertThat(context.getBean(MeterRegistry.class).get("connvo.dead.letters").tag("processorName", "media-saga")
                .gauge().value()).isEqualTo(2);

        DeadLetterOutcome stillFailing = retry(poisoned);
        assertThat(stillFailing.handled()).isZero();
        assertThat(stillFailing.remaining()).isEqualTo(2);
        assertThat(stillFailing.cause()).contains("store a Saga Entry");
        assertThat(events(poisoned, "VideoRoomProvisioned")).isZero();

        db.sql("ALTER TABLE association_value_entry DROP CONSTRAINT no_poison").update();
        DeadLetterOutcome retried = retry(poisoned);
        assertThat(retried.handled()).isEqualTo(2);
        assertThat(retried.remaining()).isZero();
        // The saga step ran once: one room, and it stays one.
        await().atMost(PROMPTLY).until(() -> events(poisoned, "VideoRoomProvisioned") == 1);
        await().during(Duration.ofSeconds(1)).atMost(PROMPTLY)
                .until(() -> events(poisoned, "VideoRoomProvisioned") == 1);
        assertThat(events(poisoned, "VideoRoomProvisioningFailed")).isZero();
        assertThat(deadLetters().letters()).isZero();
        assertThat(health()).containsEntry("media-saga", Map.of("meetings", 0L, "letters", 0L));
    }

    private String createPaidMeeting() {
        Reply created = node.runWith("lifecycle/createMeeting", node.paidToken(HOST),
                Map.of("title", "Saga dead letters", "maxParticipants", 20));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.value().path("meetingId").asString();
    }

    private void startMeeting(String meetingId) {
        Reply started = node.runWith("lifecycle/startMeeting", node.paidToken(HOST),
                Map.of("meetingId", meetingId));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
    }

    /** An event appended to the meeting's stream directly, after its last. */
    private void append(String meetingId, Object payload) {
        long last = db.sql("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(meetingId).query(Long.class).single();
        context.getBean(EventStore.class).publish(new GenericDomainEventMessage<>("Meeting", meetingId, last + 1,
                payload));
    }

    private long events(String meetingId, String type) {
        return db.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?")
                .params(meetingId, "%." + type).query(Long.class).single();
    }

    private DeadLetterList deadLetters() {
        ListDeadLetters query = new ListDeadLetters(Projection.MEDIA_SAGA, 100);
        return context.getBean(QueryGateway.class).query(query.messageName(), query,
                ResponseTypes.instanceOf(DeadLetterList.class)).join();
    }

    private DeadLetterOutcome retry(String meetingId) {
        return context.getBean(CommandGateway.class).sendAndWait(
                AdminMessages.command(new RetryDeadLetters(Projection.MEDIA_SAGA, meetingId)));
    }

    private Map<String, Object> health() {
        Health health = context.getBean("deadLettersHealthIndicator", HealthIndicator.class).health();
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        return health.getDetails();
    }
}
