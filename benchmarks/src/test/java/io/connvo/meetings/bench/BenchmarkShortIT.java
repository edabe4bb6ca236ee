package io.connvo.meetings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short mode against the real standalone jar and the real baseline jar, on H2, so the harness never rots.
 * Runs in the integration-test phase (failsafe), after both jars are packaged.
 */
class BenchmarkShortIT {

    @Test
    void shortModeMeasuresEveryScenarioAgainstTheRealJars(@TempDir Path work) throws Exception {
        Path output = Path.of(System.getProperty("bench.output", "target/benchmarks-short.md"));
        // No warm-up: this is a smoke run of every scenario, and on a loaded machine a warm-up could use up a
        // scenario's prepared meetings (a recording cycle takes ~2 s) so that its window had no sample.
        BenchConfig config = BenchConfig.parse("--mode=short", "--stores=h2", "--warmup=0", "--duration=2", "--lag-samples=10",
                "--recording-meetings=8", "--replay-events=500", "--jvm-args=-Xmx512m,-XX:TieredStopAtLevel=1",
                "--standalone-jar=" + System.getProperty("bench.standaloneJar", "../standalone/target/connvo-standalone.jar"),
                "--benchmarks-jar=" + System.getProperty("bench.benchmarksJar", "target/connvo-benchmarks.jar"),
                "--out=" + output, "--work-dir=" + work);

        List<Row> rows = BenchmarkMain.run(config, new java.util.ArrayList<>());
        Files.writeString(output, Report.markdown(rows, BenchmarkMain.header(config)));

        assertThat(rows).filteredOn(row -> row.scenario().equals("standalone"))
                .as("the standalone process must start and mint tokens (see its log in the work directory)").isEmpty();
        assertThat(rows).extracting(Row::scenario).contains("baseline (JWT + 1 insert)", "startup (process start → health UP)",
                "createMeeting (free)", "startMeeting-free", "startMeeting-paid", "startMeeting-rate", "getMeeting", "getMeeting after startMeeting",
                "startRecording + stopRecording", "startRecording (in the cycle)", "stopRecording (in the cycle)", "projection lag: command event → view", "projection lag: saga events → view", "replay (meeting view)");
        for (Row row : rows) {
            if (row.scenario().startsWith("projection lag: saga") || row.scenario().startsWith("replay")) {
                continue; // these need the audit and replay endpoints; they say so in their note when skipped
            }
            assertThat(row.isSkipped()).as("%s skipped: %s", row.scenario(), row.note()).isFalse();
            assertThat(row.errors()).as("errors of %s", row.scenario()).isEqualTo("0");
            assertThat(row.samples()).as("samples of %s", row.scenario()).isPositive();
        }
    }
}
