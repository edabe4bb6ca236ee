package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connvo.meetings.api.error.MeetingException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command retry on a real command bus, with failures shaped as the JDBC event store raises them (the race itself,
 * between two nodes on one event store, is in meeting-command's {@code LostRaceRetryTest}).
 */
class ConflictRetrySchedulerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final CommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = ConflictRetryScheduler.commandGateway(bus, executor, 3, Duration.ofMillis(1));
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A lost append: ConcurrencyException over the driver's unique-key violation, as the event store raises it. */
    private static ConcurrencyException lostRace() {
        return new ConcurrencyException("An event for aggregate [m] at sequence [3] was already inserted",
                new BatchUpdateException("duplicate key", "23505", 0, new int[0],
                        new SQLException("duplicate key value violates unique constraint", "23505")));
    }

    private void handler(IntFunction<Object> attempt) {
        bus.subscribe(String.class.getName(), command -> attempt.apply(attempts.incrementAndGet()));
    }

    @Test
    void aCommandThatLostARaceIsSentAgainUntilItWins() {
        handler(n -> {
            if (n <= 2) {
                throw lostRace();
            }
            return 7L;
        });

        assertThat((Object) gateway.sendAndWait("add participant")).isEqualTo(7L);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aConcurrentChangeReportedByTheCommandSideIsRetriedToo() {
        handler(n -> {
            if (n == 1) {
                throw MeetingException.concurrentChange();
            }
            return 4L;
        });

        assertThat((Object) gateway.sendAndWait("join")).isEqualTo(4L);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void afterTheRetriesTheConflictReachesTheCaller() {
        handler(n -> {
            throw lostRace();
        });

        assertThatThrownBy(() -> gateway.sendAndWait("add participant")).isInstanceOf(ConcurrencyException.class);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aRuleViolationIsNeverRetried() {
        handler(n -> {
            throw MeetingException.notFound("Meeting");
        });

        assertThatThrownBy(() -> gateway.sendAndWait("join")).isInstanceOf(MeetingException.class);
        assertThat(attempts).hasValue(1);
    }
}
