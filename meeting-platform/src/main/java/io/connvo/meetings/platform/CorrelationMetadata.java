package io.connvo.meetings.platform;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Links every message to the request it came from. A message produced while handling another carries
 * {@code actor} (copied), {@code correlationId} (the root request's message id, copied down the chain),
 * {@code causationId} (the id of the message being handled) and {@code traceId} (copied; the root's message id
 * when the request brought none). Replaces Axon's MessageOriginProvider, whose "correlationId" is the causation.
 */
public class CorrelationMetadata implements CorrelationDataProvider {

    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String TRACE_ID = "traceId";

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        MetaData metaData = message.getMetaData();
        String correlationId = stringOr(metaData.get(CORRELATION_ID), message.getIdentifier());
        Map<String, Object> data = new HashMap<>();
        if (metaData.get(ACTOR) != null) {
            data.put(ACTOR, metaData.get(ACTOR));
        }
        data.put(CORRELATION_ID, correlationId);
        data.put(CAUSATION_ID, message.getIdentifier());
        data.put(TRACE_ID, stringOr(metaData.get(TRACE_ID), correlationId));
        return data;
    }

    private static String stringOr(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
