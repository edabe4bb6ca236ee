package io.connvo.meetings.platform;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Whether a database can be open in one process only: an H2 file store, which H2 locks for the process that opened
 * it (a second one fails at start-up with "Database may be already in use"), unless {@code AUTO_SERVER} lets other
 * processes in through the first; an H2 server ({@code tcp:}, {@code ssl:}) serves any number of them. In such a store, whatever a starting process finds claimed by a running request
 * was claimed by a process that is gone.
 */
public final class SingleProcessStore {

    private SingleProcessStore() {
    }

    public static boolean is(DataSource dataSource) {
        try {
            String url = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
            String upper = url == null ? "" : url.toUpperCase(Locale.ROOT);
            return InterruptSafeH2.isH2File(url) && !upper.startsWith("JDBC:H2:TCP:") && !upper.startsWith("JDBC:H2:SSL:")
                    && !upper.contains("AUTO_SERVER=TRUE");
        } catch (MetaDataAccessException e) {
            return false;
        }
    }
}
