package io.connvo.meetings.platform;

import io.connvo.meetings.api.admin.DeadLetterList;
import io.connvo.meetings.api.admin.DeadLetterOutcome;
import io.connvo.meetings.api.admin.DeadLetterView;
import io.connvo.meetings.api.admin.EvictDeadLetters;
import io.connvo.meetings.api.admin.ListDeadLetters;
import io.connvo.meetings.api.admin.Projection;
import io.connvo.meetings.api.admin.RetryDeadLetters;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.stereotype.Component;

/**
 * The dead-letter admin messages, answered by every service for the dead-lettered groups it runs: the query
 * service for the projections, the saga service for the media saga, the standalone process for all. The gateway
 * checks that the caller is an administrator before it sends any of them. A group's letters live in the shared
 * {@code dead_letter_entry} of its service, so any instance running the group lists, retries or evicts all of them
 * (the queue's claims keep two instances off one meeting).
 */
@Component
class DeadLetterAdmin extends GroupAdminHandlers {

    /** Most letters one listing returns. */
    static final int MAX_LISTED = 500;

    private final EventProcessingConfiguration processing;
    private final DeadLetterProperties properties;

    DeadLetterAdmin(CommandBus commandBus, QueryBus queryBus, EventProcessingConfiguration processing,
                    DeadLetterProperties properties) {
        super(commandBus, queryBus, processing);
        this.processing = processing;
        this.properties = properties;
    }

    @Override
    protected void subscribe() {
        for (Projection group : Projection.values()) {
            if (runsHere(group) && processing.deadLetterQueue(group.group()).isPresent()) {
                query(group, ListDeadLetters.class, DeadLetterList.class, this::list);
                command(group, RetryDeadLetters.class, this::retry);
                command(group, EvictDeadLetters.class, this::evict);
            }
        }
    }

    DeadLetterList list(ListDeadLetters query) {
        String group = query.projection().group();
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

    DeadLetterOutcome retry(RetryDeadLetters command) {
        String group = command.projection().group();
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

    DeadLetterOutcome evict(EvictDeadLetters command) {
        String group = command.projection().group();
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
                letter.lastTouched(), attempts, attempts >= properties.maxAttempts(),
                letter.cause().map(Cause::type).orElse(null), letter.cause().map(Cause::message).orElse(null));
    }

    private String meetingWithLetters(String group, String meetingId) {
        if (meetingId == null || meetingId.isBlank()) {
            throw MeetingException.validation("meetingId", "meetingId is required");
        }
        if (!queue(group).contains(meetingId)) {
            throw new MeetingException(ErrorCode.NOT_FOUND, "No dead letters for meeting " + meetingId + " in " + group);
        }
        return meetingId;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.deadLetterQueue(group).orElseThrow(() -> notRunning(group));
    }

    private static MeetingException notRunning(String group) {
        return new MeetingException(ErrorCode.NOT_FOUND, "Projection " + group + " has no dead-letter queue here");
    }
}
