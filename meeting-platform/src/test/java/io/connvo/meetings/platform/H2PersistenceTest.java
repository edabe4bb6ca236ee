package io.connvo.meetings.platform;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The platform's persistence on an H2 file database in PostgreSQL mode, as the standalone process runs it. */
class H2PersistenceTest extends PersistenceContract {

    @TempDir
    static Path dataDir;

    @Override
    ConfigurableApplicationContext startApplication() {
        return PlatformTestApp.start("jdbc:h2:file:" + dataDir.resolve("connvo")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    @Override
    String binaryColumnType() {
        return "BINARY VARYING";
    }
}
