package io.connvo.meetings.platform;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts {@code correlationId}, {@code traceId} and {@code meetingId} into the logging context (MDC) while a command,
 * query or event is handled, so that every line a message leads to names them. Registered on the command bus, the
 * query bus and every event processor (Axon's Spring Boot support picks up handler interceptor beans). The trace
 * id of an active span wins: Micrometer Tracing puts it there already, and it is the one the metadata carries.
 */
public class LogContext implements MessageHandlerInterceptor<Message<?>> {

    public static final String CORRELATION_ID = CorrelationMetadata.CORRELATION_ID;
    public static final String TRACE_ID = CorrelationMetadata.TRACE_ID;
    public static final String MEETING_ID = "meetingId";

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            Object correlationId = message.getMetaData().getOrDefault(CorrelationMetadata.CORRELATION_ID,
                    message.getIdentifier());
            MDC.put(CORRELATION_ID, correlationId.toString());
            if (MDC.get(TRACE_ID) == null && message.getMetaData().get(CorrelationMetadata.TRACE_ID) != null) {
                MDC.put(TRACE_ID, message.getMetaData().get(CorrelationMetadata.TRACE_ID).toString());
            }
            meetingIdOf(message).ifPresent(id -> MDC.put(MEETING_ID, id));
            return chain.proceed();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    /** The meeting a message is about: a meeting event's aggregate, or a command's or query's {@code meetingId}. */
    public static Optional<String> meetingIdOf(Message<?> message) {
        if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
            return Optional.of(event.getAggregateIdentifier());
        }
        return meetingIdOf(message.getPayload());
    }

    /** The {@code meetingId} component of a record (our commands, queries and events are records), if any. */
    public static Optional<String> meetingIdOf(Object payload) {
        if (payload == null || !payload.getClass().isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent component : payload.getClass().getRecordComponents()) {
            if (component.getName().equals(MEETING_ID)) {
                try {
                    return Optional.ofNullable(component.getAccessor().invoke(payload)).map(Object::toString);
                } catch (ReflectiveOperationException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
