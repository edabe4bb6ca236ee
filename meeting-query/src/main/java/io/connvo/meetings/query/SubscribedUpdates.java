package io.connvo.meetings.query;

import java.util.HashSet;
import java.util.function.Predicate;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscription-query updates that read their view only when someone waits for it. A projection that read the
 * changed view for every event spent most of a replay (and much of its work under load) on reads nobody used.
 */
final class SubscribedUpdates {

    private static final Logger log = LoggerFactory.getLogger(SubscribedUpdates.class);
    /** The unit of work's resource holding the views it will emit after its commit. */
    private static final String PENDING = SubscribedUpdates.class.getName() + ".pending";

    private SubscribedUpdates() {
    }

    /**
     * Runs {@code emit} once the current unit of work has committed, if a subscription query whose payload matches
     * {@code wanted} is open then. Deciding after the commit keeps read-your-writes: a subscriber that arrives
     * later reads the committed view in its initial result. The view is read when emitted, after the commit, so
     * several events of one batch about the same {@code view} (a meeting's creation and its host joining it) need
     * one update, not one each.
     */
    static void afterCommit(QueryUpdateEmitter emitter, Object view, Predicate<Object> wanted, Runnable emit) {
        if (!CurrentUnitOfWork.isStarted()
                || CurrentUnitOfWork.get().getOrComputeResource(PENDING, key -> new HashSet<>()).add(view)) {
            afterCommit(() -> emitIfWanted(emitter, wanted, emit));
        }
    }

    /** Runs {@code emit} now if a subscription query whose payload matches {@code wanted} is open. */
    static void emitIfWanted(QueryUpdateEmitter emitter, Predicate<Object> wanted, Runnable emit) {
        if (emitter.activeSubscriptions().stream().map(Message::getPayload).anyMatch(wanted)) {
            try {
                emit.run();
            } catch (RuntimeException e) {
                log.warn("View update not emitted; subscribers see it at their next update or bound: {}", e.toString());
            }
        }
    }

    /** Runs {@code task} once the current unit of work has committed; at once outside a unit of work. */
    static void afterCommit(Runnable task) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> task.run());
        } else {
            task.run();
        }
    }
}
