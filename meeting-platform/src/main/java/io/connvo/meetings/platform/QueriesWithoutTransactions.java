package io.connvo.meetings.platform;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring transactions for Axon's units of work, except for the handling of a query. Query handlers only read, and
 * each view is read in one statement, so a transaction around them isolates nothing; it cost every query a begin and
 * a commit, and every failed one (NOT_FOUND while a new meeting is not projected yet) a rollback, which on H2 with
 * {@code WRITE_DELAY=0} writes a chunk to the file like a commit. Axon's query bus wraps its handlers in the one
 * transaction manager it shares with the command bus and the processors (in both deployments), hence the check on
 * the unit of work. A query handled inside another unit of work still reads on that one's transaction.
 */
final class QueriesWithoutTransactions extends SpringTransactionManager {

    QueriesWithoutTransactions(PlatformTransactionManager transactionManager) {
        super(transactionManager);
    }

    @Override
    public Transaction startTransaction() {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getMessage() instanceof QueryMessage) {
            return NoTransactionManager.instance().startTransaction();
        }
        return super.startTransaction();
    }
}
