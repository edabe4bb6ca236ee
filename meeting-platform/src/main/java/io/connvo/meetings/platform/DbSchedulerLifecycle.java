package io.connvo.meetings.platform;

import com.github.kagkarlsson.scheduler.Scheduler;

/**
 * Starts db-scheduler after Axon's configuration (so that a deadline due at start-up finds its saga or aggregate
 * handlers) and stops it before Axon shuts down.
 */
public class DbSchedulerLifecycle extends AfterAxonLifecycle {

    private final Scheduler scheduler;

    public DbSchedulerLifecycle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    protected void onAxonStarted() {
        scheduler.start();
    }

    @Override
    protected void beforeAxonStops() {
        scheduler.stop();
    }
}
