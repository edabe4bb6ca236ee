package io.connvo.meetings.saga;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * A pool that holds every call until the test runs them, newest first (the least favourable order for calls given
 * one after another, so a test sees at once whether something keeps them in order) or oldest first.
 */
final class HeldCalls implements Executor {

    private final Deque<Runnable> held = new ArrayDeque<>();

    @Override
    public void execute(Runnable call) {
        held.push(call);
    }

    /** Runs the held calls newest first, and those they lead to, until none is left. */
    void runNewestFirst() {
        while (!held.isEmpty()) {
            held.pop().run();
        }
    }

    /** Runs the held calls oldest first, and those they lead to, until none is left. */
    void runOldestFirst() {
        while (!held.isEmpty()) {
            held.pollLast().run();
        }
    }

    int size() {
        return held.size();
    }
}
