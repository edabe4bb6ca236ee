package io.connvo.meetings.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One request (or request sequence) of a scenario, run by one client thread of the {@link LoadDriver}. */
@FunctionalInterface
interface Operation {

    /**
     * Runs once.
     *
     * @param clock the timing of this call; an operation that does set-up work before the part it measures
     *              calls {@link Clock#restart()} just before that part
     * @return {@code null} on success, otherwise the error code to count (envelope code or {@code HTTP_<status>})
     * @throws PoolExhausted when the prepared data ran out: the measurement ends there
     */
    String call(Clock clock) throws Exception;

    /** When the measured part of one call began, and the latencies of the requests inside it that are timed apart. */
    final class Clock {
        private long startNanos;
        private boolean restarted;
        private final Map<String, Long> partMicros = new LinkedHashMap<>(2);

        Clock(long startNanos) {
            this.startNanos = startNanos;
        }

        /** Starts the measured part now (closed loop only: it drops the wait for the intended send time). */
        public void restart() {
            startNanos = System.nanoTime();
            restarted = true;
        }

        /** Times one request inside the call on its own, from {@code startNanos} until now, under {@code part}. */
        public void part(String part, long startNanos) {
            partMicros.put(part, Math.max(1, (System.nanoTime() - startNanos) / 1_000));
        }

        long startNanos() {
            return startNanos;
        }

        Map<String, Long> partMicros() {
            return partMicros;
        }

        boolean restarted() {
            return restarted;
        }
    }

    /** Thrown when a scenario's prepared meetings are used up. */
    final class PoolExhausted extends Exception {
        PoolExhausted() {
            super("prepared pool exhausted", null, false, false);
        }
    }
}
