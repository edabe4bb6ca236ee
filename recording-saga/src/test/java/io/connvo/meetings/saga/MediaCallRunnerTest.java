package io.connvo.meetings.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.connvo.meetings.saga.getstream.GetStreamProperties;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.junit.jupiter.api.Test;

/** The order of a meeting's calls when the event processor hands the saga several of its events in one batch. */
class MediaCallRunnerTest {

    private static final GetStreamProperties.Retry RETRY =
            new GetStreamProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2);

    private final HeldCalls pool = new HeldCalls();
    private final MediaCallRunner runner = new MediaCallRunner(pool,
            new MediaCommands(mock(CommandBus.class), new MediaSagaProperties(1, Duration.ofMillis(10), 1)),
            NoTransactionManager.instance(), Duration.ofSeconds(10));
    private final DeadlineManager deadlines = mock(DeadlineManager.class);
    private final RetryPolicy retry = new RetryPolicy(RETRY, () -> 0.5, new SimpleMeterRegistry());
    private final List<String> made = new ArrayList<>();

    @Test
    void aBatchsCallsOfOneMeetingAreMadeInTheOrderOfItsEvents() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        handle("meeting_1", MediaSaga.RETRY_RECORDING_START, () -> made.add("start"));
        handle("meeting_1", MediaSaga.RETRY_RECORDING_STOP, () -> made.add("stop"));
        batch.commit();

        assertThat(made).isEmpty(); // nothing before the batch is stored
        pool.runOldestFirst(); // in the order the calls reached the pool

        assertThat(made).containsExactly("start", "stop");
    }

    @Test
    void aBatchsCallsOfDifferentMeetingsDoNotWaitForEachOther() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        handle("meeting_1", MediaSaga.RETRY_RECORDING_START, () -> made.add("meeting_1"));
        handle("meeting_2", MediaSaga.RETRY_RECORDING_START, () -> made.add("meeting_2"));
        batch.commit();

        assertThat(pool.size()).isEqualTo(2);
    }

    /** One event's handler in the batch: its own nested unit of work, in the scope of the meeting's saga. */
    private void handle(String meetingId, String retryDeadline, Runnable call) {
        UnitOfWork<?> event = DefaultUnitOfWork.startAndGet(null);
        new SagaScope(meetingId).run(() -> runner.start(
                new MediaCallRunner.Attempt(retryDeadline, 1, null, deadlines, retry),
                (Supplier<String>) () -> {
                    call.run();
                    return meetingId;
                },
                done -> done, failure -> failure));
        event.commit();
    }

    private static final class SagaScope extends Scope {

        private final String sagaId;

        SagaScope(String sagaId) {
            this.sagaId = sagaId;
        }

        void run(Runnable handler) {
            startScope();
            try {
                handler.run();
            } finally {
                endScope();
            }
        }

        @Override
        public ScopeDescriptor describeScope() {
            return new SagaScopeDescriptor("MediaSaga", sagaId);
        }
    }
}
