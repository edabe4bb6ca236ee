package io.connvo.meetings.platform;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Which replayed events a dead-lettered processing group may handle without the isolation a live event gets. A
 * replayed event goes without its own savepoint ({@link SavepointPerEvent}), and a batch of them may have its writes
 * collected and made together at its commit; when such an event or such a batch fails, the batch is rolled back and
 * the processor handles it again, this time each of the failed events on its own, in a savepoint, so that only a
 * poison event's meeting is dead-lettered. The positions that failed are few, if any.
 */
@Component
public class ReplayBatches {

    private static final String COLLECTABLE = ReplayBatches.class.getName() + ".collectable.";

    private final Map<String, Set<Long>> failed = new ConcurrentHashMap<>();

    /**
     * The position of a replayed event handled in a processor's batch, which the processor handles again when its
     * transaction fails. A dead letter retried by an administrator or the retrier is not in one.
     */
    static OptionalLong replayedInBatch(Message<?> message) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork) {
            return replayed(message);
        }
        return OptionalLong.empty();
    }

    /** Whether the replayed event at {@code position} has failed in a batch before. */
    boolean failedBefore(String group, long position) {
        return failed(group).contains(position);
    }

    /** The replayed event at {@code position} failed: it is handled on its own when its batch comes again. */
    void failed(String group, long position) {
        failed(group).add(position);
    }

    /**
     * Whether the current unit of work is a processor's batch of replayed events none of which has failed before:
     * the group's handlers may then collect its writes and make them at the batch's commit. Decided once per batch.
     */
    public boolean collectable(String group) {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)) {
            return false;
        }
        return batch.getOrComputeResource(COLLECTABLE + group, key -> batch.getMessages().stream()
                .map(ReplayBatches::replayed)
                .allMatch(position -> position.isPresent() && !failedBefore(group, position.getAsLong())));
    }

    /**
     * The writes collected from the current batch failed at its commit, and a failed batch of statements cannot say
     * which event was to blame: every event of the batch is handled on its own when it comes again.
     */
    public void failedTogether(String group) {
        if (CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
            batch.getMessages().forEach(message -> replayed(message).ifPresent(position -> failed(group, position)));
        }
    }

    private static OptionalLong replayed(Message<?> message) {
        return message instanceof TrackedEventMessage<?> tracked && ReplayToken.isReplay(tracked.trackingToken())
                ? tracked.trackingToken().position()
                : OptionalLong.empty();
    }

    private Set<Long> failed(String group) {
        return failed.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet());
    }
}
