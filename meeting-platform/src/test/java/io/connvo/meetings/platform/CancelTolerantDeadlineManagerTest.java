package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import java.util.stream.Stream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class CancelTolerantDeadlineManagerTest {

    /** As when one guard ends the meeting while db-scheduler runs another of its guards on a second thread. */
    @Test
    void aStepThatCancelsADeadlineFiringAtThatMomentStillCommits() {
        Scheduler scheduler = mock(Scheduler.class);
        doThrow(new TaskInstanceCurrentlyExecutingException("AxonDeadline", "no-show-1")).when(scheduler).cancel(any());
        DbSchedulerDeadlineManager deadlines = new CancelTolerantDeadlineManager(scheduler,
                DbSchedulerDeadlineManager.builder()
                        .scopeAwareProvider(scope -> Stream.empty())
                        .serializer(JacksonSerializer.defaultSerializer())
                        .transactionManager(NoTransactionManager.INSTANCE)
                        .startScheduler(false)
                        .stopScheduler(false));

        DefaultUnitOfWork<?> step = DefaultUnitOfWork.startAndGet(null);
        deadlines.cancelSchedule("guard-no-show", "no-show-1");

        assertThatCode(step::commit).doesNotThrowAnyException();
        verify(scheduler).cancel(new DbSchedulerDeadlineToken("no-show-1"));
    }
}
