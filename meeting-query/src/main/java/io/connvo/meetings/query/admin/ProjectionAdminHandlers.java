package io.connvo.meetings.query.admin;

import io.connvo.meetings.api.admin.DeadLetterList;
import io.connvo.meetings.api.admin.DeadLetterOutcome;
import io.connvo.meetings.api.admin.DeadLetterView;
import io.connvo.meetings.api.admin.EvictDeadLetters;
import io.connvo.meetings.api.admin.GetProjectionStatus;
import io.connvo.meetings.api.admin.ListDeadLetters;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.ProjectionStatus;
import io.connvo.meetings.api.admin.ReplayProjection;
import io.connvo.meetings.api.admin.RetryDeadLetters;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.platform.DeadLetterProperties;
import io.connvo.meetings.platform.DeadLetterQueues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Projection administration as messages, answered where the projections' processors run: in the query service, or
 * in the standalone process. The gateway checks that the caller is an administrator before it sends any of them.
 * Status is a scatter-gather query (each node reports the segments it holds); replay, retry and evict are commands
 * that one node running the processor handles; dead letters live in the shared database, so any such node can
 * list, retry or evict every meeting's letters.
 */
@Component
class ProjectionAdminHandlers {

    /** Most letters one listing returns. */
    static final int MAX_LISTED = 500;

    private final ProjectionReplays replays;
    private final EventProcessingConfiguration processing;
    private final DeadLetterProperties deadLetters;

    ProjectionAdminHandlers(ProjectionReplays replays, EventProcessingConfiguration processing,
                            DeadLetterProperties deadLetters) {
        this.replays = replays;
        this.processing = processing;
        this.deadLetters = deadLetters;
    }

    @QueryHandler
    ProjectionStatus handle(GetProjectionStatus query) {
        return replays.status(group(query.projection()));
    }

    @CommandHandler
    ProjectionStatus handle(ReplayProjection command) {
        String group = group(command.projection());
        if (!command.projection().replayable()) {
            throw new MeetingException(ErrorCode.VALIDATION_ERROR, group + " is never replayed: its handlers have "
                    + "effects outside its own tables", Map.of("field", "name"));
        }
        return replays.replay(group);
    }

    @QueryHandler
    DeadLetterList handle(ListDeadLetters query) {
        String group = group(query.projection());
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        int limit = Math.max(1, Math.min(query.limit(), MAX_LISTED));
        List<DeadLetterView> shown = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (shown.size() == limit) {
                    return new DeadLetterList(group, queue.amountOfSequences(), queue.size(), shown);
                }
                shown.add(view(letter));
            }
        }
        return new DeadLetterList(group, queue.amountOfSequences(), queue.size(), shown);
    }

    @CommandHandler
    DeadLetterOutcome handle(RetryDeadLetters command) {
        String group = group(command.projection());
        String meetingId = meetingWithLetters(group, command.meetingId());
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        long before = queue.sequenceSize(meetingId);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = DeadLetterQueues.processor(processing, group)
                .orElseThrow(() -> notRunning(group));
        processor.process(letter -> meetingId.equals(DeadLetterQueues.sequence(letter)));
        long remaining = queue.sequenceSize(meetingId);
        String cause = null;
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(meetingId)) {
            cause = letter.cause().map(Cause::message).orElse(null);
            break;
        }
        return new DeadLetterOutcome(group, meetingId, (int) Math.max(0, before - remaining), remaining, cause);
    }

    @CommandHandler
    DeadLetterOutcome handle(EvictDeadLetters command) {
        String group = group(command.projection());
        String meetingId = meetingWithLetters(group, command.meetingId());
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(meetingId).forEach(letters::add);
        letters.forEach(queue::evict);
        return new DeadLetterOutcome(group, meetingId, letters.size(), queue.sequenceSize(meetingId), null);
    }

    private DeadLetterView view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        Long sequenceNumber = event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        int attempts = DeadLetterQueues.attempts(letter);
        return new DeadLetterView(DeadLetterQueues.sequence(letter), event.getIdentifier(),
                event.getPayloadType().getName(), sequenceNumber, event.getTimestamp(), letter.enqueuedAt(),
                letter.lastTouched(), attempts, attempts >= deadLetters.maxAttempts(),
                letter.cause().map(Cause::type).orElse(null), letter.cause().map(Cause::message).orElse(null));
    }

    private String meetingWithLetters(String group, String meetingId) {
        if (meetingId == null || meetingId.isBlank()) {
            throw new MeetingException(ErrorCode.VALIDATION_ERROR, "meetingId is required",
                    Map.of("field", "meetingId"));
        }
        if (!queue(group).contains(meetingId)) {
            throw new MeetingException(ErrorCode.NOT_FOUND, "No dead letters for meeting " + meetingId + " in " + group);
        }
        return meetingId;
    }

    /** The group's queue, if its processor runs here (a queue is available for any dead-lettered group). */
    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.eventProcessorByProcessingGroup(group).flatMap(processor -> processing.deadLetterQueue(group))
                .orElseThrow(() -> notRunning(group));
    }

    private static String group(Projection projection) {
        if (projection == null) {
            throw new MeetingException(ErrorCode.VALIDATION_ERROR, "projection is required", Map.of("field", "name"));
        }
        return projection.group();
    }

    private static MeetingException notRunning(String group) {
        return new MeetingException(ErrorCode.NOT_FOUND, "Projection " + group + " has no dead-letter queue here");
    }
}
