package io.connvo.meetings.query.admin;

import io.connvo.meetings.api.admin.Projection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * The replay started last on this node for each projection, and how many events its handlers have
 * re-processed: an interceptor on each projection's processor counts every committed event that arrives with a
 * {@link ReplayToken}.
 */
@Component
class ReplayRuns implements ConfigurerModule {

    private final Map<String, AtomicReference<ReplayRun>> runs = new ConcurrentHashMap<>();

    ReplayRuns() {
        for (Projection projection : Projection.values()) {
            if (projection.replayable()) {
                runs.put(projection.group(), new AtomicReference<>());
            }
        }
    }

    /** A processing group's processor has the group's name unless configured otherwise. */
    @Override
    public void configureModule(Configurer configurer) {
        runs.keySet().forEach(name -> configurer.eventProcessing(
                processing -> processing.registerHandlerInterceptor(name, configuration -> counting(name))));
    }

    Optional<ReplayRun> current(String name) {
        return Optional.ofNullable(runs.get(name)).map(AtomicReference::get);
    }

    void set(String name, ReplayRun run) {
        runs.get(name).set(run);
    }

    private MessageHandlerInterceptor<EventMessage<?>> counting(String name) {
        return (unitOfWork, chain) -> {
            ReplayRun run = runs.get(name).get();
            if (run != null && ReplayToken.isReplay(unitOfWork.getMessage())) {
                unitOfWork.afterCommit(u -> run.replayed.incrementAndGet());
            }
            return chain.proceed();
        };
    }

    /** One replay: when it started, the event store's head then, the events replayed so far, when it finished. */
    static final class ReplayRun {

        final Instant startedAt;
        final Long headAtStart;
        final AtomicLong replayed = new AtomicLong();
        volatile Instant completedAt;

        ReplayRun(Instant startedAt, Long headAtStart) {
            this.startedAt = startedAt;
            this.headAtStart = headAtStart;
        }
    }
}
