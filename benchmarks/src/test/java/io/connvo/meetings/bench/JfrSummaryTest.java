package io.connvo.meetings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breakdown read from a real (tiny) recording: the events and fields it takes are the ones JFR writes. */
class JfrSummaryTest {

    private static final String WRITER = "h2-writer-test";

    @Test
    void chargesARealRecordingsSamplesOfANamedThreadWithItsPeriodAndCpuLoad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.jfr");
        CountDownLatch writerSampled = new CountDownLatch(1);
        CountDownLatch loadsRecorded = new CountDownLatch(3);
        AtomicBoolean burn = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            long x = 1;
            while (burn.get()) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            System.out.print(x == 0 ? "" : ""); // keeps the loop from being optimized away
        }, WRITER);
        Instant from;
        Instant to;
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
            stream.enable("jdk.CPULoad").withPeriod(Duration.ofMillis(100));
            stream.enable("jdk.ActiveSetting"); // as in the profile settings the harness records with
            stream.onEvent("jdk.ExecutionSample", event -> {
                RecordedThread thread = event.getThread("sampledThread");
                if (thread != null && WRITER.equals(thread.getJavaName())) {
                    writerSampled.countDown();
                }
            });
            stream.onEvent("jdk.CPULoad", event -> loadsRecorded.countDown());
            stream.startAsync();
            from = Instant.now();
            writer.start();
            assertThat(writerSampled.await(2, TimeUnit.MINUTES)).as("a sample of the busy thread").isTrue();
            assertThat(loadsRecorded.await(2, TimeUnit.MINUTES)).as("CPU loads").isTrue();
            burn.set(false);
            writer.join();
            to = Instant.now();
            stream.dump(file);
        }
        CpuBreakdown breakdown = new CpuBreakdown(List.of(new CpuBreakdown.Window("busy", from, to, 1)), CpuBreakdown.hostCpus());

        String summary = JfrSummary.summarize(file, 5, breakdown);

        assertThat(summary).contains("× 10.00 ms (the sampling period)");
        assertThat(Double.parseDouble(CpuBreakdownTest.cells(summary, CpuComponents.H2_WRITERS).get(0))).isPositive();
        assertThat(breakdown.processCpuMs(breakdown.windowAt(from))).isPositive();
    }

    @Test
    void readsJfrSettingDurations() {
        assertThat(JfrSummary.duration("10 ms")).isEqualTo(Duration.ofMillis(10));
        assertThat(JfrSummary.duration("1 s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(JfrSummary.duration("20000 us")).isEqualTo(Duration.ofMillis(20));
        assertThat(JfrSummary.duration("999 d")).isEqualTo(Duration.ofDays(999));
    }
}
