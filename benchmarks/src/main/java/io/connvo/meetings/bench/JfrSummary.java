package io.connvo.meetings.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of the standalone process and says where its CPU went: the share of execution samples
 * with a component anywhere on the stack (inclusive), and the hottest methods by self time.
 */
final class JfrSummary {

    /** Components by class-name prefix, in the order they are reported. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("Connvo code (io.connvo)", List.of("io.connvo."));
        COMPONENTS.put("Axon Framework", List.of("org.axonframework."));
        COMPONENTS.put("Jackson 2 (Axon serializer)", List.of("com.fasterxml.jackson."));
        COMPONENTS.put("Jackson 3 (Spring MVC)", List.of("tools.jackson."));
        COMPONENTS.put("H2", List.of("org.h2."));
        COMPONENTS.put("PostgreSQL JDBC", List.of("org.postgresql."));
        COMPONENTS.put("HikariCP", List.of("com.zaxxer.hikari."));
        COMPONENTS.put("Spring Security + Nimbus JWT", List.of("org.springframework.security.", "com.nimbusds."));
        COMPONENTS.put("Tomcat", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."));
        COMPONENTS.put("Reactor (subscription queries)", List.of("reactor."));
        COMPONENTS.put("GetStream SDK + OkHttp", List.of("io.getstream.", "okhttp3.", "retrofit2."));
        COMPONENTS.put("db-scheduler (deadlines)", List.of("com.github.kagkarlsson."));
    }

    private JfrSummary() {
    }

    static String summarize(Path recording, int topMethods) throws IOException {
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getName().equals("main")) {
                    continue; // the application's main method is under every start-up sample
                }
                String type = frame.getMethod().getType().getName();
                COMPONENTS.forEach((component, prefixes) -> {
                    if (prefixes.stream().anyMatch(type::startsWith)) {
                        seen.add(component);
                    }
                });
            }
            seen.forEach(component -> inclusive.merge(component, 1, Integer::sum));
        }
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" execution samples in ").append(recording.getFileName()).append("\n\n");
        out.append("| component on the stack | share of CPU samples |\n|---|---:|\n");
        for (String component : COMPONENTS.keySet()) {
            out.append("| ").append(component).append(" | ").append(percent(inclusive.getOrDefault(component, 0), samples)).append(" |\n");
        }
        out.append("\n| hottest methods (self) | share |\n|---|---:|\n");
        int total = samples;
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(topMethods)
                .forEach(e -> out.append("| `").append(e.getKey()).append("` | ").append(percent(e.getValue(), total)).append(" |\n"));
        return out.toString();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
