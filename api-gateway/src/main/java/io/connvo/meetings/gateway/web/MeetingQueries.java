package io.connvo.meetings.gateway.web;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** Sends queries and waits for their answers within the configured bound. */
@Component
public class MeetingQueries {

    private final QueryGateway queryGateway;
    private final GatewayProperties properties;

    MeetingQueries(QueryGateway queryGateway, GatewayProperties properties) {
        this.queryGateway = queryGateway;
        this.properties = properties;
    }

    public <R> R query(Object query, Class<R> responseType) {
        return MeetingCommands.await(queryGateway.query(query, responseType), properties.queryTimeout(), "The query",
                "");
    }

    /** A query sent under a name of its own rather than its type's (the admin messages: {@code AdminMessage}). */
    public <R> R query(String queryName, Object query, Class<R> responseType) {
        return MeetingCommands.await(queryGateway.query(queryName, query, responseType), properties.queryTimeout(),
                "The query", "");
    }

    /**
     * Every answer the handlers of {@code queryName} give within the query bound: one per service that handles it
     * (Axon Server asks one instance of each application; a bus within one process asks every handler).
     */
    public <R> List<R> scatterGather(String queryName, Object query, Class<R> responseType) {
        return queryGateway.scatterGather(queryName, query, ResponseTypes.instanceOf(responseType),
                properties.queryTimeout().toMillis(), TimeUnit.MILLISECONDS).toList();
    }
}
