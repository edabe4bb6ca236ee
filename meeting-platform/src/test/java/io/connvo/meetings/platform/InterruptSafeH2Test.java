package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.api.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted caller's writes reach the H2 file store on a thread that is not interrupted, its reads stay on its
 * own thread, and it gets its interrupt back. A trigger records the thread each write runs on.
 */
public class InterruptSafeH2Test { // public: H2 calls its trigger and function

    /** Where and how interrupted each insert ran. */
    record Write(String thread, boolean interrupted) {
    }

    static final List<Write> WRITES = new CopyOnWriteArrayList<>();

    public static class RecordingTrigger implements Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
            WRITES.add(new Write(Thread.currentThread().getName(), Thread.currentThread().isInterrupted()));
        }
    }

    /** Called by SQL as CURRENT_THREAD(): the thread a statement runs on. */
    public static String currentThread() {
        return Thread.currentThread().getName();
    }

    @TempDir
    Path dataDir;

    HikariDataSource pool;

    @BeforeEach
    void openStore() throws Exception {
        WRITES.clear();
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:async:" + dataDir.resolve("store") + ";WRITE_DELAY=0");
        pool.setUsername("sa");
        pool.setPassword("");
        new InterruptSafeH2().postProcessBeforeInitialization(pool, "dataSource");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE entry (id INT PRIMARY KEY, note VARCHAR)");
            s.execute("CREATE TRIGGER recorded AFTER INSERT ON entry FOR EACH ROW CALL \""
                    + RecordingTrigger.class.getName() + "\"");
            s.execute("CREATE ALIAS current_thread FOR \"" + InterruptSafeH2Test.class.getName() + ".currentThread\"");
        }
    }

    @AfterEach
    void closeStore() {
        Thread.interrupted();
        pool.close();
    }

    @Test
    void writesOfAnInterruptedCallerRunOnAWriterThreadAndTheInterruptIsKept() throws Exception {
        try (Connection c = pool.getConnection()) {
            Thread.currentThread().interrupt();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO entry VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "autocommit");
                insert.executeUpdate();
            }
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt is kept").isTrue();

            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO entry VALUES (2, 'in a transaction')");
            }
            c.commit();
            assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        }

        assertThat(WRITES).hasSize(2).allSatisfy(write -> {
            assertThat(write.thread()).startsWith("h2-writer-");
            assertThat(write.interrupted()).isFalse();
        });
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet count = s.executeQuery("SELECT COUNT(*) FROM entry")) {
            count.next();
            assertThat(count.getInt(1)).as("both writes committed").isEqualTo(2);
        }
    }

    @Test
    void readsStayOnTheCallersThread() throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement select = c.prepareStatement("SELECT current_thread()");
             ResultSet thread = select.executeQuery()) {
            thread.next();
            assertThat(thread.getString(1)).isEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void classifiesReadsAndWrites() {
        assertThat(InterruptSafeH2.isRead("  select * from entry")).isTrue();
        assertThat(InterruptSafeH2.isRead("WITH t AS (SELECT 1) SELECT * FROM t")).isTrue();
        assertThat(InterruptSafeH2.isRead("SELECT * FROM token_entry WHERE segment = ? FOR UPDATE")).isFalse();
        assertThat(InterruptSafeH2.isRead("UPDATE entry SET note = 'x'")).isFalse();
        assertThat(InterruptSafeH2.isH2File("jdbc:h2:async:./data/connvo;WRITE_DELAY=0")).isTrue();
        assertThat(InterruptSafeH2.isH2File("jdbc:h2:mem:test")).isFalse();
        assertThat(InterruptSafeH2.isH2File("jdbc:postgresql://localhost/connvo")).isFalse();
    }
}
