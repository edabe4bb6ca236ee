package io.connvo.meetings.command;

import static io.connvo.meetings.command.MeetingFixtures.GUEST;
import static io.connvo.meetings.command.MeetingFixtures.HOST;
import static io.connvo.meetings.command.MeetingFixtures.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.Tier;
import io.connvo.meetings.api.UserId;
import io.connvo.meetings.api.command.AddParticipant;
import io.connvo.meetings.api.command.CreateMeeting;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.platform.AxonSerializers;
import io.connvo.meetings.platform.ConflictRetryScheduler;
import io.connvo.meetings.platform.PlatformModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lost race on a real command bus: two nodes (each Axon's SimpleCommandBus with the command module's failure
 * translation, and the Meeting aggregate) on one JDBC event store. Node A has loaded the meeting and applied its
 * command when node B stores a change of the same meeting; A's append then collides on the (meeting, sequence) key.
 * The sender on A gets the command through, sent again by {@link ConflictRetryScheduler}, and both changes are kept;
 * without a retry it gets the CONFLICT.
 */
class LostRaceRetryTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MeetingId meetingId = MeetingId.generate();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private JdbcDataSource database;
    private Configuration nodeA;
    private Configuration nodeB;

    @BeforeEach
    void start() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:lost-race-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        nodeA = MeetingFixtures.commandNode(storageEngine());
        nodeB = MeetingFixtures.commandNode(storageEngine());
    }

    @AfterEach
    void stop() {
        retries.shutdownNow();
        nodeA.shutdown();
        nodeB.shutdown();
    }

    /** The platform's store: its schema, and its unique (meeting, sequence) key raising a ConcurrencyException. */
    private JdbcEventStorageEngine storageEngine() {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(AxonSerializers.jackson())
                .eventSerializer(AxonSerializers.jackson())
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .connectionProvider(new DataSourceConnectionProvider(database))
                .transactionManager(NoTransactionManager.instance())
                .schema(new PlatformModule().eventSchema())
                .dataType(byte[].class)
                .build();
    }

    private AddParticipant add(UserId user) {
        return new AddParticipant(meetingId, HOST, user);
    }

    /**
     * Sends {@code command} through {@code sender} on node A, holds it after its handler ran (its events not yet
     * appended) until node B has stored {@code rival}, and returns the outcome with the number of times A handled it.
     */
    private RaceOutcome race(CommandGateway sender, Object command, Object rival) throws Exception {
        nodeB.commandGateway().sendAndWait(new CreateMeeting(meetingId, HOST, "Standup", null, null, 10, false,
                Tier.FREE, null));
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch applied = new CountDownLatch(1);
        CountDownLatch rivalStored = new CountDownLatch(1);
        nodeA.commandBus().registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (handled.incrementAndGet() == 1) {
                applied.countDown();
                rivalStored.await(10, TimeUnit.SECONDS);
            }
            return result;
        });

        // Axon's SimpleCommandBus handles a command on the sender's thread: node A's sender gets one of its own
        CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> sender.send(command))
                .thenCompose(sent -> sent);
        assertThat(applied.await(10, TimeUnit.SECONDS)).isTrue();
        nodeB.commandGateway().sendAndWait(rival);
        rivalStored.countDown();
        Object result;
        try {
            result = outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            result = e.getCause();
        }
        return new RaceOutcome(result, handled.get());
    }

    record RaceOutcome(Object result, int handled) {
    }

    private List<UserId> participantsAdded() {
        return nodeA.eventStore().readEvents(meetingId.value()).asStream().map(EventMessage::getPayload)
                .filter(ParticipantAdded.class::isInstance).map(e -> ((ParticipantAdded) e).userId()).toList();
    }

    @Test
    void theLoserOfARaceIsSentAgainAndBothChangesAreKept() throws Exception {
        CommandGateway sender = ConflictRetryScheduler.commandGateway(nodeA.commandBus(), retries, 3,
                Duration.ofMillis(10));

        RaceOutcome outcome = race(sender, add(GUEST), add(STRANGER));

        assertThat(outcome.handled()).isEqualTo(2);
        assertThat(outcome.result()).isInstanceOf(Long.class);
        assertThat(participantsAdded()).containsExactly(HOST, STRANGER, GUEST);
    }

    @Test
    void withoutTheRetryTheLoserGetsTheConflict() throws Exception {
        CommandGateway sender = DefaultCommandGateway.builder().commandBus(nodeA.commandBus()).build();

        RaceOutcome outcome = race(sender, add(GUEST), add(STRANGER));

        assertThat(outcome.handled()).isEqualTo(1);
        assertThat(outcome.result()).isInstanceOfSatisfying(MeetingException.class,
                e -> assertThat(MeetingException.isConcurrentChange(e)).isTrue());
        assertThat(participantsAdded()).containsExactly(HOST, STRANGER);
    }
}
