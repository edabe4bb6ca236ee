package io.connvo.meetings.platform;

import io.connvo.meetings.api.MeetingId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The meeting view's progress in this process, for read-your-writes without a subscription query per command: the
 * meeting-view projection reports each meeting's new version once it is committed, and a wait registered for a
 * meeting is released by the first report at or past the version it needs. A wait registered before its first read
 * of the view cannot miss a commit: either the read sees it, or its report comes after the registration.
 * <p>
 * Only a process that projects the meeting view has one (the query module defines it). It knows only what this
 * process projected: with several nodes the meeting's segment may be projected elsewhere, so a wait still re-reads.
 */
public final class MeetingViewProgress {

    private final ConcurrentHashMap<MeetingId, List<Wait>> waits = new ConcurrentHashMap<>();

    /** Registers a wait for the meeting's view at {@code version} or later; close it when done waiting. */
    public Wait await(MeetingId meetingId, long version) {
        Wait wait = new Wait(meetingId, version);
        waits.compute(meetingId, (id, registered) -> {
            List<Wait> all = registered == null ? new ArrayList<>(1) : new ArrayList<>(registered);
            all.add(wait);
            return List.copyOf(all);
        });
        return wait;
    }

    /** Reports that the meeting's view is committed at {@code version}: releases the waits it satisfies. */
    public void projected(MeetingId meetingId, long version) {
        List<Wait> registered = waits.get(meetingId);
        if (registered != null) {
            for (Wait wait : registered) {
                if (version >= wait.version) {
                    wait.reached.countDown();
                }
            }
        }
    }

    /** One wait for one meeting's view at a version. */
    public final class Wait implements AutoCloseable {

        private final MeetingId meetingId;
        private final long version;
        private final CountDownLatch reached = new CountDownLatch(1);

        private Wait(MeetingId meetingId, long version) {
            this.meetingId = meetingId;
            this.version = version;
        }

        /** Whether the view was reported at the version, waiting at most {@code timeout} for it. */
        public boolean reached(Duration timeout) throws InterruptedException {
            return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
