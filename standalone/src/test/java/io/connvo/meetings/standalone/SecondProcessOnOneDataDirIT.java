package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator's mistake: the packaged jar started a second time on the data directory of a running one. The second
 * stops at start-up, says in one sentence that the directory is in use and what to do, and the first goes on
 * serving its data.
 */
class SecondProcessOnOneDataDirIT {

    private final Path dataDir = Path.of("target", "crash-data", UUID.randomUUID().toString()).toAbsolutePath();
    private StandaloneProcess first;

    @AfterEach
    void stop() {
        if (first != null) {
            first.destroy();
        }
    }

    @Test
    void theSecondProcessStopsAtStartUpSayingWhyAndTheFirstServesOn() throws Exception {
        List<String> args = List.of("--connvo.data-dir=" + dataDir);
        first = new StandaloneProcess();
        first.start("second-process-logs", "first", args);
        String host = first.token("{\"sub\":\"user_first\"}");
        String meetingId = first.run("lifecycle/createMeeting", Map.of("title", "Before"), host)
                .path("value").path("meetingId").asString();
        byte[] key = Files.readAllBytes(dataDir.resolve("dev-token-key.json"));

        long before = System.nanoTime();
        int exit = StandaloneProcess.startExpectingExit("second-process-logs", "second", args, Duration.ofSeconds(120));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(exit).isNotZero();
        String output = Files.readString(Path.of("target", "second-process-logs", "second.log"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The data directory " + dataDir + " is in use by another running Connvo process")
                .contains("start this one with another data directory")
                .doesNotContain("Tomcat started on port");
        assertThat(Files.readAllBytes(dataDir.resolve("dev-token-key.json"))).as("the development key").isEqualTo(key);
        assertThat(first.run("queries/getMeeting", Map.of("meetingId", meetingId), host)
                .path("value").path("title").asString()).isEqualTo("Before");
        assertThat(first.run("lifecycle/createMeeting", Map.of("title", "After"), host).path("status").asString())
                .isEqualTo("success");
        System.out.printf("Second process on one data directory: exit %d after %d ms%n", exit, took.toMillis());
    }
}
