package io.connvo.meetings.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;

/**
 * Reads the next events of a token that has gaps as two index lookups joined by UNION ALL.
 * <p>
 * Axon's statement, {@code (global_index > ? AND global_index <= ?) OR global_index IN (gaps)}, makes H2 scan the
 * whole event table: with any gap open (a concurrent transaction not yet committed, or a rolled-back append that
 * stays a gap for the next 10,000 events) every fetch of the event store grew with the store's size. A gap always
 * lies below the token's index, so the two parts never overlap.
 */
final class IndexedGapQuery implements ReadEventDataWithGapsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> gaps) throws SQLException {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String sql = "(" + select + schema.globalIndexColumn() + " > ? AND " + schema.globalIndexColumn() + " <= ?)"
                + " UNION ALL (" + select + schema.globalIndexColumn() + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + "))"
                + " ORDER BY " + schema.globalIndexColumn() + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
