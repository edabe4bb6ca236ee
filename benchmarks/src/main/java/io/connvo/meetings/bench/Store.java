package io.connvo.meetings.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the servers under test keep their data: an H2 file under the work directory, or one embedded
 * PostgreSQL server (started here) with a database for the standalone process and one for the baseline.
 */
final class Store implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final EmbeddedPostgres postgres;

    private Store(String name, Path dir, EmbeddedPostgres postgres) {
        this.name = name;
        this.dir = dir;
        this.postgres = postgres;
    }

    static Store open(String name, Path workDir) throws IOException, SQLException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        return switch (name) {
            case "h2" -> new Store(name, dir, null);
            case "postgres" -> {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve("pgdata"))
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "200")
                        .start();
                try (Connection connection = postgres.getPostgresDatabase().getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE connvo");
                    statement.execute("CREATE DATABASE baseline");
                }
                yield new Store(name, dir, postgres);
            }
            default -> throw new IllegalArgumentException("unknown store " + name + " (h2 or postgres)");
        };
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** Arguments that put the standalone process on this store. */
    List<String> standaloneArgs() {
        List<String> args = new ArrayList<>();
        args.add("--connvo.data-dir=" + dir.resolve("standalone-data"));
        if (postgres != null) {
            args.add("--spring.profiles.active=postgres");
            args.addAll(datasource("connvo"));
        }
        return args;
    }

    /** Arguments that put the baseline's table on this store. */
    List<String> baselineArgs() {
        if (postgres == null) {
            // the standalone process's H2 settings: every commit in the file before it returns (WRITE_DELAY=0), on
            // the interrupt-safe async: file system, so that the ratio between the two compares like with like
            return List.of("--spring.datasource.url=jdbc:h2:async:" + dir.resolve("baseline-data").resolve("baseline").toAbsolutePath() + ";MODE=PostgreSQL;WRITE_DELAY=0",
                    "--spring.datasource.username=sa", "--spring.datasource.password=");
        }
        return datasource("baseline");
    }

    private List<String> datasource(String database) {
        return List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
