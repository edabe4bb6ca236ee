package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

class QueriesWithoutTransactionsTest {

    /** What the Spring transaction manager was asked to do, in order. */
    private final List<String> calls = new ArrayList<>();
    private final QueriesWithoutTransactions transactions = new QueriesWithoutTransactions(new PlatformTransactionManager() {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            calls.add("begin");
            return new SimpleTransactionStatus(true);
        }

        @Override
        public void commit(TransactionStatus status) {
            calls.add("commit");
        }

        @Override
        public void rollback(TransactionStatus status) {
            calls.add("rollback");
        }
    });

    @Test
    void aQueryRunsWithoutATransactionWhetherItSucceedsOrFails() {
        handle(new GenericQueryMessage<>("q", ResponseTypes.instanceOf(String.class)), false);
        handle(new GenericQueryMessage<>("q", ResponseTypes.instanceOf(String.class)), true);

        assertThat(calls).isEmpty();
    }

    @Test
    void commandsAndEventsStillRunInASpringTransaction() {
        handle(GenericCommandMessage.asCommandMessage("c"), false);
        handle(GenericEventMessage.asEventMessage("e"), true);

        assertThat(calls).containsExactly("begin", "commit", "begin", "rollback");
    }

    @Test
    void outsideAnyUnitOfWorkATransactionIsSpringsToo() {
        transactions.startTransaction().commit();

        assertThat(calls).containsExactly("begin", "commit");
    }

    /** Handles {@code message} in a unit of work bound to the transaction manager, as Axon's buses do. */
    private void handle(Message<?> message, boolean fail) {
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        unitOfWork.attachTransaction(transactions);
        if (fail) {
            unitOfWork.rollback();
        } else {
            unitOfWork.commit();
        }
    }
}
