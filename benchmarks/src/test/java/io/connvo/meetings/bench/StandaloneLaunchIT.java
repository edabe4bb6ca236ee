package io.connvo.meetings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cds} launch against the real standalone jar (failsafe, after the jar is packaged). */
class StandaloneLaunchIT {

    @Test
    void theStandaloneStartsHealthyWithItsClassesFromTheTrainedArchive(@TempDir Path work) throws Exception {
        BenchConfig config = BenchConfig.parse("--launch=cds", "--jvm-args=-Xmx512m",
                "--startup-timeout=300",
                "--standalone-jar=" + System.getProperty("bench.standaloneJar", "../standalone/target/connvo-standalone.jar"),
                "--work-dir=" + work);
        Path classLoading = work.resolve("class-load.log");
        List<String> jvmArgs = new ArrayList<>(config.jvmArgs());
        jvmArgs.add("-Xlog:class+load=info:file=" + classLoading);

        try (ChildProcess standalone = ChildProcess.start("standalone", jvmArgs, StandaloneLaunch.prepare(config),
                List.of("--connvo.data-dir=" + work.resolve("data")), work, StoreRun::healthUp, config.startupTimeout())) {
            assertThat(standalone.api().get("/actuator/health", null).body().path("status").asString("")).isEqualTo("UP");
        }
        assertThat(Files.readAllLines(classLoading))
                .as("the application's classes come from the archive the training run recorded")
                .anyMatch(line -> line.contains("io.connvo.meetings.standalone.StandaloneApplication source: shared objects file (top)"));
    }
}
