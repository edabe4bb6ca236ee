package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Connections of the platform's JDBC stores, handed from one thread to the next by the pool, under concurrency:
 * units of work that write through the stores' connection provider (as command handling and event processors do)
 * on some threads, the embedded event store's kind of read (a transaction of its own, statements open while it
 * reads) on others, all sharing a small pool.
 * <p>
 * A connection must be closed once. A unit of work that closed its connection again after its transaction had
 * already given it back to the pool reached into the pool entry's list of open statements while another thread was
 * using that entry: HikariCP then failed that thread's reads with an {@code ArrayIndexOutOfBoundsException}, or its
 * statements stayed open after it closed the connection.
 */
class ConnectionHandOverTest {

    static final long RUN_MILLIS = 3000;

    @TempDir
    static Path dataDir;

    @Test
    void aConnectionBorrowedByAnotherThreadIsNeverTouchedByItsPreviousUser() throws Exception {
        try (ConfigurableApplicationContext app = PlatformTestApp.start("jdbc:h2:file:" + dataDir.resolve("handover")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE", "sa", "",
                "spring.datasource.hikari.maximum-pool-size=2")) {
            ConnectionProvider connections = app.getBean(ConnectionProvider.class);
            TransactionManager transactions = app.getBean(TransactionManager.class);
            EventStorageEngine storageEngine = app.getBean(EventStorageEngine.class);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong unitsOfWork = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicLong statementsLeftOpen = new AtomicLong();
            Map<String, Long> failures = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                            unitOfWork.attachTransaction(transactions);
                            unitOfWork.execute(() -> {
                                try (Connection connection = connections.getConnection();
                                     PreparedStatement statement = connection.prepareStatement(
                                             "SELECT COUNT(*) FROM token_entry")) {
                                    statement.executeQuery().close();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                            unitsOfWork.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.merge(e.toString(), 1L, Long::sum);
                        }
                    }
                }, "unit-of-work-" + i));
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            PreparedStatement held = transactions.fetchInTransaction(() -> {
                                storageEngine.readEvents(null, false).findFirst();
                                try {
                                    Connection connection = connections.getConnection();
                                    PreparedStatement statement = connection.prepareStatement(
                                            "SELECT COUNT(*) FROM domain_event_entry");
                                    statement.executeQuery().close();
                                    connection.close();
                                    return statement;
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                            // the transaction gave the connection back to the pool, which closes what is still open
                            if (!held.isClosed()) {
                                statementsLeftOpen.incrementAndGet();
                                held.close();
                            }
                            reads.incrementAndGet();
                        } catch (Exception e) {
                            failures.merge(e.toString(), 1L, Long::sum);
                        }
                    }
                }, "reader-" + i));
            }
            threads.forEach(Thread::start);
            Thread.sleep(RUN_MILLIS);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            System.out.printf("Connection hand-over: %d units of work, %d reads in %d ms, %d statements left open, "
                    + "failures %s%n", unitsOfWork.get(), reads.get(), RUN_MILLIS, statementsLeftOpen.get(), failures);
            assertThat(unitsOfWork.get()).isPositive();
            assertThat(reads.get()).isPositive();
            assertThat(failures).isEmpty();
            assertThat(statementsLeftOpen.get()).as("statements a stale close untracked").isZero();
        }
    }
}
