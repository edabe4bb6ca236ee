package io.connvo.meetings.platform;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, except that cancelling a deadline which is firing at that moment on another
 * scheduler thread is no failure. db-scheduler refuses to change an execution it has picked, and Axon failed the
 * whole step that cancelled it, at its commit: one guard ending a meeting while another of its guards fired left the
 * meeting active until db-scheduler retried the failed guard. The deadline that is firing finds the step's outcome
 * (the meeting over, the recording settled) and does nothing.
 * <p>
 * The cancel is Axon's own (the same task id, at the step's prepare-commit), made here because Axon defers it once
 * more when called from there, out of reach of a catch.
 */
final class CancelTolerantDeadlineManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(CancelTolerantDeadlineManager.class);

    private final Scheduler scheduler;

    CancelTolerantDeadlineManager(Scheduler scheduler, Builder builder) {
        super(builder.scheduler(scheduler));
        this.scheduler = scheduler;
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        runOnPrepareCommitOrNow(() -> {
            try {
                scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
            } catch (TaskInstanceNotFoundException e) {
                log.debug("Deadline {} ({}) had fired or was cancelled already", deadlineName, scheduleId);
            } catch (TaskInstanceCurrentlyExecutingException e) {
                log.info("Deadline {} ({}) is firing now, not cancelled: its handler sees the outcome of this step",
                        deadlineName, scheduleId);
            }
        });
    }
}
