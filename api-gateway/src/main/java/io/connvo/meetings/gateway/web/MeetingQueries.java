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

    /** Every answer the query's handlers give within the query bound: one per node that handles it. */
    public <R> List<R> scatterGather(Object query, Class<R> responseType) {
        return queryGateway.scatterGather(query, ResponseTypes.instanceOf(responseType),
                properties.queryTimeout().toMillis(), TimeUnit.MILLISECONDS).toList();
    }
}
