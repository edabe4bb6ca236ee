package io.connvo.meetings.query.admin;

import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.ProjectionStatus;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a projection from the event store: shuts its processor down, resets its tokens to the start of the
 * store (Axon calls the projection's {@code @ResetHandler}s, which clear the view), and starts it again; the
 * processor then replays every event up to the head it had at the reset and carries on live. Only the
 * {@link Projection}s can be replayed, never a saga, so a replay never calls GetStream or sends commands.
 */
@Component
class ProjectionReplays {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final ReplayRuns runs;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ProjectionReplays(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore,
                      ReplayRuns runs) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.runs = runs;
    }

    ProjectionStatus replay(String name) {
        StreamingEventProcessor processor = processor(name);
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            if (!processor.supportsReset()) {
                throw new MeetingException(ErrorCode.CONFLICT, "Projection " + name + " cannot be replayed");
            }
            if (status(name).replaying()) {
                throw new MeetingException(ErrorCode.CONFLICT, "A replay of " + name + " is already in progress");
            }
            ReplayRuns.ReplayRun previous = runs.current(name).orElse(null);
            ReplayRuns.ReplayRun run = new ReplayRuns.ReplayRun(clock.instant(), head());
            processor.shutDown();
            try {
                runs.set(name, run);
                processor.resetTokens();
                log.info("Replaying projection {} up to event store position {}", name, run.headAtStart);
            } catch (UnableToClaimTokenException e) {
                runs.set(name, previous);
                throw new MeetingException(ErrorCode.CONFLICT, "Projection " + name + " is being processed by "
                        + "another node; stop its processor there, then replay again");
            } finally {
                processor.start();
            }
        }
        return status(name);
    }

    ProjectionStatus status(String name) {
        StreamingEventProcessor processor = processor(name);
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        int totalSegments = tokenStore.fetchSegments(processor.getName()).length;
        Long position = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong)
                .min(Long::compare)
                .orElse(null);
        boolean anySegmentReplaying = segments.stream().anyMatch(ProjectionReplays::replaying);
        String error = segments.stream().filter(EventTrackerStatus::isErrorState).findFirst()
                .map(s -> String.valueOf(s.getError())).orElse(null);
        ReplayRuns.ReplayRun run = runs.current(name).orElse(null);
        boolean runDone = run != null && (run.completedAt != null || reachedHead(run, segments, totalSegments, position));
        if (run != null && runDone && run.completedAt == null) {
            run.completedAt = clock.instant();
            log.info("Replay of projection {} complete: {} events replayed", name, run.replayed.get());
        }
        boolean replaying = anySegmentReplaying || (run != null && !runDone);
        return new ProjectionStatus(name, processor.isRunning(), replaying, position, head(), segments.size(),
                totalSegments, run == null ? null : run.startedAt, run == null ? null : run.completedAt,
                run == null ? null : run.replayed.get(), error);
    }

    /**
     * Every segment is claimed here, none is still short of its reset position, and all have reached the head the
     * replay started from (or the store was empty then).
     */
    private static boolean reachedHead(ReplayRuns.ReplayRun run, Collection<EventTrackerStatus> segments,
                                       int totalSegments, Long position) {
        if (segments.isEmpty() || segments.size() < totalSegments
                || segments.stream().anyMatch(ProjectionReplays::replaying)) {
            return false;
        }
        return run.headAtStart == null || (position != null && position >= run.headAtStart);
    }

    /**
     * A segment keeps its replay token until the first event after the reset position arrives, which may take
     * long; it has replayed everything once it has reached that position.
     */
    private static boolean replaying(EventTrackerStatus segment) {
        if (!segment.isReplaying()) {
            return false;
        }
        OptionalLong current = segment.getCurrentPosition();
        OptionalLong reset = segment.getResetPosition();
        return current.isEmpty() || reset.isEmpty() || current.getAsLong() < reset.getAsLong();
    }


    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessorByProcessingGroup(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new MeetingException(ErrorCode.NOT_FOUND,
                        "Projection " + name + " does not run in this process"));
    }

    private Long head() {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return null;
        }
        OptionalLong position = head.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
