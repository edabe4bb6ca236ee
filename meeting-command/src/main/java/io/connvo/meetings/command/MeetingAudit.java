package io.connvo.meetings.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingId;
import io.connvo.meetings.api.audit.AuditEvent;
import io.connvo.meetings.api.audit.AuditEventPage;
import io.connvo.meetings.api.audit.AuditReader;
import io.connvo.meetings.api.audit.GetMeetingHistory;
import io.connvo.meetings.api.audit.GetMeetingStateAsOf;
import io.connvo.meetings.api.audit.GetRecordingHistory;
import io.connvo.meetings.api.audit.MeetingStateAsOf;
import io.connvo.meetings.api.audit.RecordingHistory;
import io.connvo.meetings.api.error.ErrorCode;
import io.connvo.meetings.api.error.MeetingException;
import io.connvo.meetings.api.event.ParticipantAdded;
import io.connvo.meetings.api.event.RecordingStarted;
import io.connvo.meetings.platform.AxonSerializers;
import io.connvo.meetings.platform.CorrelationMetadata;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers the audit queries from the meeting's own events: always from sequence 0 ({@code readEvents(id, 0)}),
 * never from a snapshot; states are rebuilt by {@link Meeting#replay}, the aggregate's own rules, which is why
 * this lives beside the aggregate.
 *
 * <p>Access: readers with an auditor or admin role read any meeting; otherwise only the host. Anyone else who
 * is not a participant gets NOT_FOUND (as for an unknown meeting), a participant INSUFFICIENT_PERMISSIONS.
 */
@Component
class MeetingAudit {

    /** Axon's own mapper, so payloads read exactly as they are stored (ids as strings, instants ISO-8601). */
    private static final ObjectMapper PAYLOADS = AxonSerializers.objectMapper();

    private final EventStore eventStore;

    MeetingAudit(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    AuditEventPage handle(GetMeetingHistory query) {
        MeetingId meetingId = query.meetingId();
        long fromSequence = query.fromSequence();
        int limit = query.limit();
        List<? extends DomainEventMessage<?>> stream = readableStream(meetingId, query.reader());
        long last = stream.get(stream.size() - 1).getSequenceNumber();
        List<AuditEvent> page = stream.stream()
                .filter(event -> event.getSequenceNumber() >= fromSequence)
                .limit(limit)
                .map(MeetingAudit::auditEvent)
                .toList();
        Long next = page.isEmpty() || page.get(page.size() - 1).sequence() >= last
                ? null : page.get(page.size() - 1).sequence() + 1;
        return new AuditEventPage(meetingId.value(), fromSequence, limit, page, next, last);
    }

    @QueryHandler
    MeetingStateAsOf handle(GetMeetingStateAsOf query) {
        MeetingId meetingId = query.meetingId();
        Instant at = query.at();
        List<? extends DomainEventMessage<?>> prefix = readableStream(meetingId, query.reader()).stream()
                .takeWhile(event -> !event.getTimestamp().isAfter(at))
                .toList();
        if (prefix.isEmpty()) {
            throw new MeetingException(ErrorCode.NOT_FOUND, "Meeting did not exist yet at " + at,
                    Map.of("at", at.toString()));
        }
        Meeting.ReplayedState state = Meeting.replay(DomainEventStream.of(prefix));
        Set<String> participantOrder = new LinkedHashSet<>();
        Set<String> recordingOrder = new LinkedHashSet<>();
        for (DomainEventMessage<?> event : prefix) {
            if (event.getPayload() instanceof ParticipantAdded added) {
                participantOrder.add(added.userId().value());
            } else if (event.getPayload() instanceof RecordingStarted started) {
                recordingOrder.add(started.recordingId().value());
            }
        }
        Map<String, MeetingStateAsOf.Participant> participants = state.participants().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().value(),
                        e -> new MeetingStateAsOf.Participant(e.getKey().value(), e.getValue())));
        Map<String, MeetingStateAsOf.Recording> recordings = state.recordings().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().value(),
                        e -> new MeetingStateAsOf.Recording(e.getKey().value(), e.getValue())));
        DomainEventMessage<?> lastApplied = prefix.get(prefix.size() - 1);
        return new MeetingStateAsOf(meetingId.value(), at, state.version(), lastApplied.getTimestamp(),
                state.hostId().value(), state.title(), state.tier(), state.videoProvider(), state.maxParticipants(),
                state.recordingEnabled(), state.state(), state.roomStatus(), state.roomId(), state.transcription(),
                participantOrder.stream().map(participants::get).filter(p -> p != null).toList(),
                recordingOrder.stream().map(recordings::get).filter(r -> r != null).toList());
    }

    /** The events whose payload names the recording in any field (recording ids are unique system-wide). */
    @QueryHandler
    RecordingHistory handle(GetRecordingHistory query) {
        MeetingId meetingId = query.meetingId();
        RecordingId recordingId = query.recordingId();
        List<? extends DomainEventMessage<?>> stream = readableStream(meetingId, query.reader());
        List<AuditEvent> touching = stream.stream()
                .map(MeetingAudit::auditEvent)
                .filter(event -> event.payload().containsValue(recordingId.value()))
                .toList();
        if (touching.isEmpty()) {
            throw MeetingException.notFound("Recording");
        }
        Meeting.ReplayedState state = Meeting.replay(DomainEventStream.of(stream));
        return new RecordingHistory(meetingId.value(), recordingId.value(), state.recordings().get(recordingId),
                touching);
    }

    /** The whole stream from sequence 0, once the caller is known to be allowed to read it. */
    private List<? extends DomainEventMessage<?>> readableStream(MeetingId meetingId, AuditReader reader) {
        if (meetingId == null || reader == null || reader.userId() == null) {
            throw MeetingException.notFound("Meeting");
        }
        List<? extends DomainEventMessage<?>> stream = eventStore.readEvents(meetingId.value(), 0).asStream().toList();
        if (stream.isEmpty()) {
            throw MeetingException.notFound("Meeting");
        }
        if (reader.readsAnyMeeting()) {
            return stream;
        }
        Meeting.ReplayedState current = Meeting.replay(DomainEventStream.of(stream));
        if (!current.participants().containsKey(reader.userId())) {
            throw MeetingException.notFound("Meeting");
        }
        if (!reader.userId().equals(current.hostId())) {
            throw new MeetingException(ErrorCode.INSUFFICIENT_PERMISSIONS,
                    "Only the host or an auditor can read a meeting's audit trail");
        }
        return stream;
    }

    @SuppressWarnings("unchecked")
    private static AuditEvent auditEvent(DomainEventMessage<?> event) {
        MetaData metaData = event.getMetaData();
        return new AuditEvent(event.getSequenceNumber(), event.getPayloadType().getSimpleName(), event.getTimestamp(),
                PAYLOADS.convertValue(event.getPayload(), Map.class),
                new AuditEvent.AuditMetadata(string(metaData, CorrelationMetadata.ACTOR),
                        string(metaData, CorrelationMetadata.CORRELATION_ID),
                        string(metaData, CorrelationMetadata.CAUSATION_ID),
                        string(metaData, CorrelationMetadata.TRACE_ID)));
    }

    private static String string(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
