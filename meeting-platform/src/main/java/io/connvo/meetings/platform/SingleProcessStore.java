package io.connvo.meetings.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.DatabaseMetaData;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Whether a database can be open in one process only: an H2 file store, which H2 locks for the process that opened
 * it (a second one fails at start-up with "Database may be already in use"), unless {@code AUTO_SERVER} lets other
 * processes in through the first; an H2 server ({@code tcp:}, {@code ssl:}) serves any number of them. In such a
 * store, whatever a starting process finds claimed by a running request was claimed by a process that is gone.
 */
public final class SingleProcessStore {

    private SingleProcessStore() {
    }

    public static boolean is(DataSource dataSource) {
        // the pool's URL as configured: what a connection's metadata reports leaves out settings like AUTO_SERVER
        if (dataSource instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            return is(pool.getJdbcUrl());
        }
        try {
            return is(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL));
        } catch (MetaDataAccessException e) {
            return false;
        }
    }

    static boolean is(String url) {
        String upper = url == null ? "" : url.toUpperCase(Locale.ROOT);
        return InterruptSafeH2.isH2File(url) && !upper.startsWith("JDBC:H2:TCP:") && !upper.startsWith("JDBC:H2:SSL:")
                && !upper.contains("AUTO_SERVER=TRUE");
    }
}
