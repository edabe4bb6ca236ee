package io.connvo.meetings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CPU per request from samples and CPU loads given by hand, as {@link JfrSummary} feeds them from a recording. */
class CpuBreakdownTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final CpuBreakdown.Window CREATE = new CpuBreakdown.Window("createMeeting (free)", T0, T0.plusSeconds(10), 100);
    private static final CpuBreakdown.Window READ = new CpuBreakdown.Window("getMeeting", T0.plusSeconds(20), T0.plusSeconds(30), 50);
    private static final List<String> COMMIT = List.of("org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit");
    private static final List<String> TOMCAT = List.of("org.apache.catalina.core.ApplicationFilterChain.doFilter");

    @Test
    void samplesInAWindowTimesTheSamplingPeriodOverItsRequestsPerComponent() {
        CpuBreakdown breakdown = new CpuBreakdown(List.of(CREATE, READ), 2);
        breakdown.samplingPeriod(Duration.ofMillis(20));
        breakdown.samplingPeriod(Duration.ofMillis(10)); // two recordings at once: the faster period is the one in force
        for (int i = 0; i < 30; i++) {
            sample(breakdown, T0.plusMillis(i * 100), "http-nio-8080-exec-1", COMMIT);
        }
        for (int i = 0; i < 10; i++) {
            sample(breakdown, T0.plusMillis(5_000 + i), "h2-writer-1", List.of("org.h2.mvstore.MVStore.commit"));
        }
        for (int i = 0; i < 5; i++) {
            sample(breakdown, T0.plusSeconds(25), "http-nio-8080-exec-2", TOMCAT);
        }
        sample(breakdown, T0.plusSeconds(15), "http-nio-8080-exec-2", TOMCAT); // between the windows: counted nowhere
        sample(breakdown, T0.plusSeconds(10), "http-nio-8080-exec-2", TOMCAT); // a window's end is outside it

        String table = breakdown.markdown();

        assertThat(cells(table, CpuComponents.APPEND_AND_COMMIT)).containsExactly("3.00", "0.00"); // 30 × 10 ms / 100
        assertThat(cells(table, CpuComponents.H2_WRITERS)).containsExactly("1.00", "0.00");
        assertThat(cells(table, CpuComponents.HTTP)).containsExactly("0.00", "1.00"); // 5 × 10 ms / 50
        assertThat(cells(table, "**total in the samples**")).containsExactly("4.00", "1.00");
        assertThat(cells(table, "requests in the window")).containsExactly("100", "50");
        assertThat(cells(table, "execution samples (stacks truncated)")).containsExactly("40 (0)", "5 (0)");
        assertThat(table).contains("× 10.00 ms (the sampling period)");
    }

    @Test
    void processCpuIsEachLoadOverTheTimeSinceTheLoadBeforeItTimesTheHostsCpusCutToTheWindow() {
        CpuBreakdown breakdown = new CpuBreakdown(List.of(CREATE), 2);
        breakdown.samplingPeriod(Duration.ofMillis(10));
        // a quarter of 2 CPUs (half a CPU) from T0 - 1.5 s to T0 + 4.5 s, then all of both until T0 + 12 s; given out of order
        breakdown.cpuLoad(T0.plusMillis(4_500), 0.2f, 0.05f);
        breakdown.cpuLoad(T0.minusMillis(1_500), 0.9f, 0.1f); // the first: nothing says since when it held
        breakdown.cpuLoad(T0.plusSeconds(12), 0.8f, 0.2f);

        // 4.5 s × 0.5 CPU + 5.5 s × 2 CPUs inside the window
        assertThat(breakdown.processCpuMs(CREATE)).isCloseTo(2_250 + 11_000, org.assertj.core.data.Offset.offset(1.0));
        assertThat(cells(breakdown.markdown(), "**process CPU** (jdk.CPULoad)")).containsExactly("132.50");
    }

    @Test
    void withoutASamplingPeriodThereIsNoBreakdown() {
        assertThat(new CpuBreakdown(List.of(CREATE), 2).markdown()).startsWith("The recording has no jdk.ExecutionSample period");
    }

    private static void sample(CpuBreakdown breakdown, Instant at, String thread, List<String> frames) {
        CpuBreakdown.Window window = breakdown.windowAt(at);
        if (window != null) {
            breakdown.sample(window, thread, frames, false);
        }
    }

    /** The cells after the label of the table row that starts with {@code label}. */
    static List<String> cells(String table, String label) {
        String row = table.lines().filter(line -> line.startsWith("| " + label + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label + " in\n" + table));
        String[] parts = row.split("\\|");
        return Arrays.stream(parts, 2, parts.length).map(String::trim).toList();
    }
}
