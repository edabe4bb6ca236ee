package io.connvo.meetings.platform;

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
 */
@Component
public class SavepointPerEvent implements HandlerEnhancerDefinition {

    private static final TransactionDefinition NESTED =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final PlatformTransactionManager transactionManager;
    private final DeadLetterProperties properties;

    SavepointPerEvent(PlatformTransactionManager transactionManager, DeadLetterProperties properties) {
        this.transactionManager = transactionManager;
        this.properties = properties;
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
}
