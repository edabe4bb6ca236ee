package io.connvo.meetings.standalone;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * A second process started on the data directory of a running one: H2 locks its store file for the first process,
 * so the second fails at its first connection, before it listens or stores anything. Says so in one sentence
 * instead of leaving the operator to find H2's error code in a page of stack traces.
 */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}: the store file is locked by another process. */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    private final Environment environment;

    DataDirectoryInUseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        if (cause.getErrorCode() != DATABASE_ALREADY_OPEN) {
            return null;
        }
        String dataDir = environment.getProperty("connvo.data-dir", "(connvo.data-dir)");
        return new FailureAnalysis("The data directory " + dataDir + " is in use by another running Connvo process "
                + "(its embedded database is locked: " + cause.getMessage() + "). This process stopped before "
                + "changing anything.",
                "Stop the other process first, or start this one with another data directory (--connvo.data-dir "
                        + "or CONNVO_DATA_DIR).", cause);
    }
}
