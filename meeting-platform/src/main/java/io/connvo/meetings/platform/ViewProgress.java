package io.connvo.meetings.platform;

import io.connvo.meetings.api.MeetingId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A view's progress in this process, for read-your-writes without a subscription query per command: the view's
 * projection reports each meeting's new version of the view once it is committed, and every wait registered for the
 * meeting remembers the highest version reported since. A wait registered before the command is sent cannot miss the
 * commit of what the command leads to, so it needs no read to learn whether it came too late.
 * <p>
 * Only a process that projects the view has one (the query module defines one per view, under {@link #MEETING_VIEW}
 * and {@link #RECORDING_VIEW}). It knows only what this process projected: with several nodes the meeting's segment
 * may be projected elsewhere, so a wait still re-reads.
 */
public final class ViewProgress {

    /** The bean name of the meeting view's progress; a version is the meeting's. */
    public static final String MEETING_VIEW = "meetingViewProgress";
    /** The bean name of the recordings view's progress; a version is the meeting event that changed a recording. */
    public static final String RECORDING_VIEW = "recordingViewProgress";

    private final ConcurrentHashMap<MeetingId, List<Wait>> waits = new ConcurrentHashMap<>();

    /** Registers a wait for the meeting's view; close it when done waiting. */
    public Wait watch(MeetingId meetingId) {
        Wait wait = new Wait(meetingId);
        waits.compute(meetingId, (id, registered) -> {
            List<Wait> all = registered == null ? new ArrayList<>(1) : new ArrayList<>(registered);
            all.add(wait);
            return List.copyOf(all);
        });
        return wait;
    }

    /** Reports that the meeting's view is committed at {@code version}, to the waits registered for it. */
    public void projected(MeetingId meetingId, long version) {
        List<Wait> registered = waits.get(meetingId);
        if (registered != null) {
            registered.forEach(wait -> wait.reported(version));
        }
    }

    /** One wait for one meeting's view. */
    public final class Wait implements AutoCloseable {

        private final MeetingId meetingId;
        private long reported = -1; // guarded by this

        private Wait(MeetingId meetingId) {
            this.meetingId = meetingId;
        }

        private synchronized void reported(long version) {
            if (version > reported) {
                reported = version;
                notifyAll();
            }
        }

        /** The highest version reported since this wait was registered; -1 if none. */
        public synchronized long reported() {
            return reported;
        }

        /**
         * Whether the view was reported at {@code version} or later since this wait was registered, waiting at most
         * {@code timeout} for it.
         */
        public synchronized boolean reached(long version, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (reported < version) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public void close() {
            waits.computeIfPresent(meetingId, (id, registered) -> {
                List<Wait> rest = registered.stream().filter(wait -> wait != this).toList();
                return rest.isEmpty() ? null : rest;
            });
        }
    }
}
