package io.connvo.meetings.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.VideoProvider;
import io.connvo.meetings.api.admin.DeadLetterList;
import io.connvo.meetings.api.admin.DeadLetterOutcome;
import io.connvo.meetings.api.admin.DeadLetterView;
import io.connvo.meetings.api.admin.ListDeadLetters;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.ReplayProjection;
import io.connvo.meetings.api.admin.RetryDeadLetters;
import io.connvo.meetings.api.event.MeetingCreated;
import io.connvo.meetings.api.event.MeetingStarted;
import io.connvo.meetings.platform.AdminMessages;
import io.connvo.meetings.platform.PlatformModule;
import io.connvo.meetings.query.QueryModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A poison event in the meeting-view projection, appended straight to the event store (no gateway validation in
 * the way), through the query module as an application runs it: JDBC event store, pooled processors, the JDBC
 * dead-letter queue, Flyway schema. The poison is a database refusal (a CHECK constraint, or PostgreSQL's NUL),
 * so the cause can be removed as an operator would. Subclasses run it on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DeadLetterContract {

    static final int MAX_ATTEMPTS = 3;
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final UserId HOST = new UserId("user_host");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    ConfigurableApplicationContext context;
    JdbcClient db;
    EventStore events;
    CommandGateway commands;
    QueryGateway queries;

    /**
     * The query module's components, without the module's own test applications (its scan would add them), so the
     * beans the module declares itself are imported here.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PlatformModule.class, QueryModule.ViewProgresses.class})
    @ComponentScan(basePackageClasses = QueryModule.class,
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*(Test|QueryModule).*"))
    static class App {
    }

    abstract String jdbcUrl();

    @BeforeAll
    void start() {
        context = new SpringApplicationBuilder(App.class).properties(
                "spring.main.web-application-type=none",
                "spring.main.banner-mode=off",
                "spring.datasource.url=" + jdbcUrl(),
                "axon.axonserver.enabled=false",
                "axon.eventhandling.processors.meeting-view.mode=pooled",
                "axon.eventhandling.processors.meeting-view.initial-segment-count=2",
                "axon.eventhandling.processors.recording-view.mode=pooled",
                "connvo.dead-letters.max-attempts=" + MAX_ATTEMPTS,
                "connvo.dead-letters.retry-delay=100ms",
                "connvo.dead-letters.poll-interval=100ms").run();
        db = JdbcClient.create(context.getBean(DataSource.class));
        events = context.getBean(EventStore.class);
        commands = context.getBean(CommandGateway.class);
        queries = context.getBean(QueryGateway.class);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aPoisonEventParksOnlyItsMeetingAndCompletesOnceRetriedAfterTheCauseIsRemoved() {
        db.sql("ALTER TABLE meeting_view ADD CONSTRAINT no_poison CHECK (title NOT LIKE '%poison%')").update();
        String poisoned = "meeting_poisoned_" + UUID.randomUUID();
        List<String> others = IntStream.range(0, 6).mapToObj(i -> "meeting_ok_" + i + "_" + UUID.randomUUID()).toList();

        append(poisoned, 0, created(poisoned, "a poison title"));
        others.forEach(id -> append(id, 0, created(id, "fine")));
        append(poisoned, 1, started(poisoned));
        others.forEach(id -> append(id, 1, started(id)));

        // Every other meeting is projected promptly, through to its latest event.
        await().atMost(PROMPTLY).untilAsserted(() -> others.forEach(id -> assertThat(row(id))
                .hasValueSatisfying(row -> assertThat(row.get("state")).isEqualTo("ACTIVE"))));
        // The poisoned meeting's creation fails until its automatic retries are used up; its start waits behind it.
        DeadLetterList parked = await().atMost(PROMPTLY).until(this::deadLetters,
                list -> list.letters() == 2 && list.shown().get(0).parked());
        assertThat(parked.meetings()).isEqualTo(1);
        DeadLetterView first = parked.shown().get(0);
        assertThat(first.meetingId()).isEqualTo(poisoned);
        assertThat(first.eventType()).isEqualTo(MeetingCreated.class.getName());
        assertThat(first.sequenceNumber()).isZero();
        assertThat(first.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(first.causeMessage()).containsIgnoringCase("no_poison");
        DeadLetterView waiting = parked.shown().get(1);
        assertThat(waiting.eventType()).isEqualTo(MeetingStarted.class.getName());
        assertThat(waiting.attempts()).isZero();
        assertThat(row(poisoned)).isEmpty();
        // Parked means parked: no automatic attempt after the last one.
        await().during(Duration.ofMillis(600)).atMost(PROMPTLY)
                .until(() -> deadLetters().shown().get(0).attempts() == MAX_ATTEMPTS);
        assertThat(health()).containsEntry("meeting-view", Map.of("meetings", 1L, "letters", 2L));

        DeadLetterOutcome stillFailing = retry(poisoned);
        assertThat(stillFailing.remaining()).isEqualTo(2);
        assertThat(stillFailing.handled()).isZero();
        assertThat(stillFailing.cause()).containsIgnoringCase("no_poison");

        db.sql("ALTER TABLE meeting_view DROP CONSTRAINT no_poison").update();
        DeadLetterOutcome retried = retry(poisoned);
        assertThat(retried.remaining()).isZero();
        assertThat(retried.handled()).isEqualTo(2);
        assertThat(row(poisoned)).hasValueSatisfying(row -> {
            assertThat(row.get("state")).isEqualTo("ACTIVE");
            assertThat(((Number) row.get("version")).longValue()).isEqualTo(1);
        });
        assertThat(deadLetters().letters()).isZero();
        assertThat(health()).containsEntry("meeting-view", Map.of("meetings", 0L, "letters", 0L));
    }

    @Test
    void aTransientFailureHealsWithinTheAutomaticRetries() {
        String meeting = "meeting_transient_" + UUID.randomUUID();
        db.sql("ALTER TABLE meeting_view ADD CONSTRAINT briefly_refused CHECK (title <> 'soon fine')").update();
        append(meeting, 0, created(meeting, "soon fine"));
        await().atMost(PROMPTLY).until(() -> deadLetters().letters() == 1);
        db.sql("ALTER TABLE meeting_view DROP CONSTRAINT briefly_refused").update();

        await().atMost(PROMPTLY).until(() -> row(meeting).isPresent());
        assertThat(deadLetters().letters()).isZero();
    }

    /**
     * A replay handles events without a savepoint each; a poison event among them must still park only its own
     * meeting. Last: the replay projects (and dead-letters) every earlier test's events again.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aPoisonEventReplayedParksOnlyItsMeeting() {
        db.sql("ALTER TABLE meeting_view ADD CONSTRAINT no_replay_poison CHECK (title NOT LIKE '%replay poison%')")
                .update();
        String poisoned = "meeting_replay_poisoned_" + UUID.randomUUID();
        List<String> others = IntStream.range(0, 6).mapToObj(i -> "meeting_replay_ok_" + i + "_" + UUID.randomUUID())
                .toList();
        others.subList(0, 3).forEach(id -> append(id, 0, created(id, "fine")));
        append(poisoned, 0, created(poisoned, "a replay poison title"));
        others.subList(3, 6).forEach(id -> append(id, 0, created(id, "fine")));
        append(poisoned, 1, started(poisoned));
        others.forEach(id -> append(id, 1, started(id)));
        await().atMost(PROMPTLY).untilAsserted(() -> others.forEach(id -> assertThat(row(id)).isPresent()));

        commands.sendAndWait(AdminMessages.command(new ReplayProjection(Projection.MEETING_VIEW)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            others.forEach(id -> assertThat(row(id))
                    .hasValueSatisfying(row -> assertThat(row.get("state")).isEqualTo("ACTIVE")));
            assertThat(deadLetters().shown()).filteredOn(letter -> letter.meetingId().equals(poisoned))
                    .extracting(DeadLetterView::sequenceNumber).containsExactly(0L, 1L);
        });
        assertThat(row(poisoned)).isEmpty();

        db.sql("ALTER TABLE meeting_view DROP CONSTRAINT no_replay_poison").update();
        retry(poisoned); // or the automatic retries, if attempts are left
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(row(poisoned))
                .hasValueSatisfying(row -> assertThat(row.get("state")).isEqualTo("ACTIVE")));
    }

    void append(String meetingId, long sequence, Object payload) {
        events.publish(new GenericDomainEventMessage<>("Meeting", meetingId, sequence, payload));
    }

    static MeetingCreated created(String meetingId, String title) {
        return new MeetingCreated(new MeetingId(meetingId), HOST, title, null, null, Tier.FREE, VideoProvider.WEBRTC,
                4, false, T0, null);
    }

    static MeetingStarted started(String meetingId) {
        return new MeetingStarted(new MeetingId(meetingId), HOST, HOST, "fine", Tier.FREE, VideoProvider.WEBRTC, 4,
                List.of(HOST), T0.plusSeconds(60));
    }

    Optional<Map<String, Object>> row(String meetingId) {
        return db.sql("SELECT state, version FROM meeting_view WHERE meeting_id = :id").param("id", meetingId)
                .query().listOfRows().stream().findFirst();
    }

    DeadLetterList deadLetters() {
        ListDeadLetters query = new ListDeadLetters(Projection.MEETING_VIEW, 100);
        return queries.query(query.messageName(), query, ResponseTypes.instanceOf(DeadLetterList.class)).join();
    }

    DeadLetterOutcome retry(String meetingId) {
        return commands.sendAndWait(AdminMessages.command(new RetryDeadLetters(Projection.MEETING_VIEW, meetingId)));
    }

    Map<String, Object> health() {
        Health health = context.getBean("deadLettersHealthIndicator", HealthIndicator.class).health();
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        return health.getDetails();
    }
}
