package io.connvo.meetings.bench;

import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * One line of the report. Latencies in milliseconds; {@code throughput} in {@code unit}; {@code ratio} is the
 * throughput over the baseline's on the same store, null where it means nothing.
 */
record Row(String scenario, String store, String clients, Double throughput, String unit, Double ratio,
           Double p50, Double p95, Double p99, Double max, long samples, String errors, long peakRssBytes, String note) {

    static Row measured(String scenario, String store, String clients, LoadDriver.Result result, String unit,
                        Double baselineThroughput, long peakRssBytes, String note) {
        Histogram h = result.latencyMicros();
        double throughput = result.throughput();
        Double ratio = baselineThroughput == null || baselineThroughput <= 0 ? null : throughput / baselineThroughput;
        String fullNote = result.exhausted() ? join(note, "prepared pool ran out after " + String.format("%.1f s", result.seconds())) : note;
        return new Row(scenario, store, clients, throughput, unit, ratio,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()),
                h.getTotalCount(), errors(result.errors()), peakRssBytes, fullNote);
    }

    /** A row of latencies alone: no throughput of its own. */
    static Row latencies(String scenario, String store, String clients, Histogram micros, String errors, long peakRssBytes, String note) {
        return new Row(scenario, store, clients, null, "", null,
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()), micros.getTotalCount(), errors, peakRssBytes, note);
    }

    static Row skipped(String scenario, String store, String reason) {
        return new Row(scenario, store, "", null, "", null, null, null, null, null, 0, "", -1, "skipped: " + reason);
    }

    boolean isSkipped() {
        return note != null && note.startsWith("skipped:");
    }

    static String errors(Map<String, Long> errors) {
        return errors.isEmpty() ? "0" : errors.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static Double ms(long micros) {
        return micros / 1000.0;
    }

    private static String join(String a, String b) {
        return a == null || a.isEmpty() ? b : a + "; " + b;
    }
}
