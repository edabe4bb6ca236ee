package io.connvo.meetings.saga;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serial queue per meeting over a shared pool: a meeting's calls run one after another in the order given, so a
 * stop never overtakes, or runs beside, the start it answers; different meetings' calls run in parallel. Only a
 * meeting with a call running has an entry, removed as soon as its last call ends.
 */
final class MeetingCallQueues {

    private static final Logger log = LoggerFactory.getLogger(MeetingCallQueues.class);

    private final Executor pool;
    /** The calls waiting behind the running one, per meeting; guarded by itself. */
    private final Map<Object, Queue<Runnable>> waiting = new HashMap<>();

    MeetingCallQueues(Executor pool) {
        this.pool = pool;
    }

    /** Runs {@code call} on the pool once every call given before for {@code meeting} has ended. */
    void execute(Object meeting, Runnable call) {
        synchronized (waiting) {
            Queue<Runnable> queue = waiting.get(meeting);
            if (queue != null) {
                queue.add(call);
                return;
            }
            waiting.put(meeting, new ArrayDeque<>());
        }
        submit(meeting, call);
    }

    private void submit(Object meeting, Runnable call) {
        for (Runnable next = call; next != null; next = nextOf(meeting)) {
            Runnable running = next;
            try {
                pool.execute(() -> {
                    try {
                        running.run();
                    } finally {
                        Runnable after = nextOf(meeting);
                        if (after != null) {
                            submit(meeting, after);
                        }
                    }
                });
                return;
            } catch (RejectedExecutionException e) { // the pool is shut down: the safety deadline makes the call again
                log.warn("{}: call not made: {}", meeting, e.getMessage());
            }
        }
    }

    /** The meeting's next call, or null after removing its entry when none waits. */
    private Runnable nextOf(Object meeting) {
        synchronized (waiting) {
            Runnable next = waiting.get(meeting).poll();
            if (next == null) {
                waiting.remove(meeting);
            }
            return next;
        }
    }

    /** How many meetings have a call running. */
    int meetingsBusy() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
