package io.connvo.meetings.platform;

import java.util.OptionalLong;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs each event handler of a dead-lettered processing group in a savepoint of the batch's transaction. PostgreSQL
 * aborts the whole transaction at a failed statement; without the savepoint the dead letter for the failed event
 * could not be written in it, the batch would roll back, and the group would retry it forever. Rolled back to the
 * savepoint, the failed handler leaves nothing behind and the rest of the batch commits with the dead letter.
 * <p>
 * A replay goes without them: two extra statements per event were a large part of its cost on PostgreSQL, and a
 * replayed failure is rare. When a replayed event fails, its whole batch is rolled back instead and the processor
 * handles it again; this time the failed event gets its savepoint, so it is dead-lettered as it would be live (the
 * events before it succeed again as they did, and a second failure in the batch goes the same way). Which replayed
 * events have failed so is {@link ReplayBatches}' to know.
 */
@Component
public class SavepointPerEvent implements HandlerEnhancerDefinition {

    private static final TransactionDefinition NESTED =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
    private static final TransactionDefinition MANDATORY =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_MANDATORY);

    private final PlatformTransactionManager transactionManager;
    private final DeadLetterProperties properties;
    private final ReplayBatches replayBatches;

    SavepointPerEvent(PlatformTransactionManager transactionManager, DeadLetterProperties properties,
                      ReplayBatches replayBatches) {
        this.transactionManager = transactionManager;
        this.properties = properties;
        this.replayBatches = replayBatches;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
        if (group == null || !properties.processingGroups().contains(group.value())
                || original.annotationAttributes(EventHandler.class).isEmpty()
                || original.annotationAttributes(SagaEventHandler.class).isPresent()) { // DeadLetteringSagaManager's own
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                OptionalLong replayed = ReplayBatches.replayedInBatch(message);
                if (replayed.isPresent() && !replayBatches.failedBefore(group.value(), replayed.getAsLong())) {
                    try {
                        return super.handle(message, target);
                    } catch (Exception | Error e) {
                        replayBatches.failed(group.value(), replayed.getAsLong());
                        rollBackBatch();
                        throw e;
                    }
                }
                TransactionStatus savepoint = transactionManager.getTransaction(NESTED);
                Object result;
                try {
                    result = super.handle(message, target);
                } catch (Exception | Error e) {
                    transactionManager.rollback(savepoint);
                    throw e;
                }
                transactionManager.commit(savepoint);
                return result;
            }
        };
    }

    /**
     * Marks the batch's transaction rollback-only, so that its commit fails even where the database let the
     * transaction go on (H2) and the failed handler's earlier statements would otherwise be committed.
     */
    private void rollBackBatch() {
        TransactionStatus batch = transactionManager.getTransaction(MANDATORY);
        batch.setRollbackOnly();
        transactionManager.commit(batch);
    }
}
