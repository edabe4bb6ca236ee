package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded H2 store opened exactly as the standalone application opens it (the JDBC URL of its application.yml)
 * in a child JVM that commits rows one by one and reports each commit; SIGKILL the moment the last one is reported,
 * then reopen the file. Every reported commit must be there, however soon the kill came: the store-level half of
 * {@code H2KillAfterAcknowledgementIT}, without the application's answer latency that can hide a write delay.
 */
class EmbeddedStoreKillTest {

    static final int ROWS = 300;
    static final int ROUNDS = 3;

    @Test
    void everyReportedCommitSurvivesSigkillTheMomentItIsReported() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String url = EmbeddedStoreInterruptTest.configuredUrl(
                    Path.of("target", "kill-store-data", UUID.randomUUID().toString()).toAbsolutePath());
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Committer.class.getName(), url, String.valueOf(ROWS))
                    .redirectErrorStream(true).start();
            int reported = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("committed ")) {
                        reported = Integer.parseInt(line.substring("committed ".length()));
                        if (reported == ROWS) {
                            child.destroyForcibly();
                            break;
                        }
                    }
                }
            } finally {
                child.destroyForcibly();
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reported).as("commits reported by the child").isEqualTo(ROWS);
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                 ResultSet count = c.createStatement().executeQuery("SELECT COUNT(*) FROM entry")) {
                count.next();
                System.out.printf("Store kill round %d: %d commits reported, %d found after SIGKILL%n", round,
                        reported, count.getLong(1));
                assertThat(count.getLong(1)).as("rows found after SIGKILL right after the last commit").isEqualTo(ROWS);
            }
        }
    }

    /** The child: commits rows one at a time on the given URL and prints each commit, then waits to be killed. */
    public static final class Committer {

        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
                c.createStatement().execute("CREATE TABLE entry (id INT PRIMARY KEY)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO entry VALUES (?)")) {
                    for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
                        insert.setInt(1, i);
                        insert.executeUpdate(); // auto-commit: returns once committed
                        System.out.println("committed " + i);
                        System.out.flush();
                    }
                }
                Thread.sleep(60_000);
            }
        }
    }
}
