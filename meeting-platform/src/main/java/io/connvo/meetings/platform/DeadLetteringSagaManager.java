package io.connvo.meetings.platform;

import java.util.function.Predicate;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A saga manager that parks what its sagas cannot handle in the group's sequenced dead-letter queue, as the
 * projections do: Axon 4 dead-letters event handler invokers only, and logs and drops a saga handler's failure (or,
 * when the saga store fails at commit, retries the whole batch forever).
 * <p>
 * The sequence is the group's sequencing policy (per aggregate: the meeting), which is sound for sagas that are
 * associated by that identifier alone, one saga per meeting: then every event of a saga belongs to one sequence, in
 * order. Axon's {@link DeadLetteringEventHandlerInvoker} does the dead-lettering (sequences already parked, the
 * enqueue policy, retries through {@link #process}); its one handler runs this manager on the whole key space, and
 * only the segment that owns the meeting's sequence calls it, so a saga is handled in its meeting's segment, not in
 * its identifier's (every other segment skips the event without looking up sagas).
 * <p>
 * Each event runs in a unit of work and a savepoint of its own: the saga store's writes happen at that unit's
 * commit, so a store failure is dead-lettered like a handler's, and a failed event leaves no saga state, deadline
 * or event of a command it sent behind. Deadlines still reach the sagas through this manager's scope (the
 * superclass).
 */
public class DeadLetteringSagaManager<T> extends AnnotatedSagaManager<T>
        implements SequencedDeadLetterProcessor<EventMessage<?>> {

    private static final TransactionDefinition SAVEPOINT =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final DeadLetteringEventHandlerInvoker letters;
    private final PlatformTransactionManager transactions;
    private final Predicate<EventMessage<?>> mayConcernASaga;

    DeadLetteringSagaManager(AnnotatedSagaManager.Builder<T> manager, DeadLetteringEventHandlerInvoker.Builder letters,
                             PlatformTransactionManager transactions, Predicate<EventMessage<?>> mayConcernASaga) {
        super(manager.listenerInvocationErrorHandler(PropagatingErrorHandler.instance()));
        this.transactions = transactions;
        this.mayConcernASaga = mayConcernASaga;
        this.letters = letters.eventHandlers(new SagasOfTheSequence()).build();
    }

    @Override
    public boolean canHandle(EventMessage<?> event, Segment segment) {
        return letters.canHandle(event, segment);
    }

    @Override
    public void handle(EventMessage<?> event, Segment segment) throws Exception {
        letters.handle(event, segment);
    }

    @Override
    public void segmentReleased(Segment segment) {
        letters.segmentReleased(segment);
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter) {
        return letters.process(sequenceFilter);
    }

    private void handleApart(EventMessage<?> event) throws Exception {
        boolean inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        TransactionStatus savepoint = inTransaction ? transactions.getTransaction(SAVEPOINT) : null;
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            super.handle(event, Segment.ROOT_SEGMENT);
            return null;
        });
        if (result.isExceptional()) {
            if (savepoint != null) {
                transactions.rollback(savepoint);
            }
            Throwable failure = result.exceptionResult();
            if (failure instanceof Error error) {
                throw error;
            }
            throw (Exception) failure;
        }
        if (savepoint != null) {
            transactions.commit(savepoint);
        }
    }

    /** The dead-lettering invoker's one handler: the sagas of the event's meeting, in a unit of work of its own. */
    private final class SagasOfTheSequence implements EventMessageHandler {

        @Override
        public Object handle(EventMessage<?> event) throws Exception {
            handleApart(event);
            return null;
        }

        @Override
        public boolean canHandle(EventMessage<?> event) {
            return mayConcernASaga.test(event) && DeadLetteringSagaManager.super.canHandle(event, Segment.ROOT_SEGMENT);
        }

        @Override
        public Class<?> getTargetType() {
            return getSagaType();
        }

        @Override
        public boolean supportsReset() {
            return false;
        }
    }
}
