package io.connvo.meetings.bench;

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

    /** When the measured part of one call began. */
    final class Clock {
        private long startNanos;
        private boolean restarted;

        Clock(long startNanos) {
            this.startNanos = startNanos;
        }

        /** Starts the measured part now (closed loop only: it drops the wait for the intended send time). */
        public void restart() {
            startNanos = System.nanoTime();
            restarted = true;
        }

        long startNanos() {
            return startNanos;
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
