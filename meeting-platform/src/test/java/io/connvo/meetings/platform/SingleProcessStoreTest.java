package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleProcessStoreTest {

    @TempDir
    Path dir;

    @Test
    void anH2FileStoreIsOneProcesssOnly() throws Exception {
        assertThat(SingleProcessStore.is(h2("jdbc:h2:async:" + dir.resolve("db") + ";MODE=PostgreSQL"))).isTrue();
        assertThat(SingleProcessStore.is(h2("jdbc:h2:file:" + dir.resolve("plain")))).isTrue();
        assertThat(Files.exists(dir.resolve("db.mv.db"))).as("read from a real connection").isTrue();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("pooled"));
            assertThat(SingleProcessStore.is(pool)).isTrue();
        }
    }

    @Test
    void storesOtherProcessesCanShareAreNot() throws Exception {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("shared") + ";AUTO_SERVER=TRUE");
            assertThat(SingleProcessStore.is(pool)).isFalse();
        }
        assertThat(SingleProcessStore.is("jdbc:h2:tcp://localhost:9092/~/connvo")).isFalse();
        assertThat(SingleProcessStore.is("jdbc:h2:ssl://localhost/~/connvo")).isFalse();
        assertThat(SingleProcessStore.is("jdbc:postgresql://localhost:5432/connvo")).isFalse();
        assertThat(SingleProcessStore.is(h2("jdbc:h2:mem:single-process-store-test"))).isFalse();
    }

    private static JdbcDataSource h2(String url) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        return h2;
    }
}
