package io.connvo.meetings.bench;

import java.util.List;
import java.util.Locale;

/** The Markdown table of a run. */
final class Report {

    private Report() {
    }

    static String markdown(List<Row> rows, String header) {
        StringBuilder out = new StringBuilder(header).append("\n\n");
        out.append("| scenario | store | clients | throughput | vs baseline | p50 ms | p95 ms | p99 ms | max ms | samples | errors | peak RSS MiB | note |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.scenario())
                    .append(" | ").append(row.store())
                    .append(" | ").append(row.clients())
                    .append(" | ").append(row.throughput() == null ? "" : num(row.throughput()) + " " + row.unit())
                    .append(" | ").append(row.ratio() == null ? "" : String.format(Locale.ROOT, "%.0f%%", row.ratio() * 100))
                    .append(" | ").append(num(row.p50()))
                    .append(" | ").append(num(row.p95()))
                    .append(" | ").append(num(row.p99()))
                    .append(" | ").append(num(row.max()))
                    .append(" | ").append(row.isSkipped() ? "" : Long.toString(row.samples()))
                    .append(" | ").append(row.errors())
                    .append(" | ").append(row.peakRssBytes() < 0 ? "" : Long.toString(row.peakRssBytes() / (1024 * 1024)))
                    .append(" | ").append(row.note() == null ? "" : row.note().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String num(Double value) {
        if (value == null) {
            return "";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
