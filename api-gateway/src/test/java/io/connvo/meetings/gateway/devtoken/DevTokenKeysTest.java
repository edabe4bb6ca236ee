package io.connvo.meetings.gateway.devtoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development key pair is created once, kept owner-only, and reused after a restart. */
class DevTokenKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void keyIsCreatedOnFirstStartAndTheSameAfterARestart() throws Exception {
        DevTokenKeys first = DevTokenKeys.loadOrCreate(dataDir.resolve("nested"));
        Path file = dataDir.resolve("nested").resolve(DevTokenKeys.FILE_NAME);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.publicKeys().getKeys()).singleElement()
                .satisfies(key -> assertThat(key.isPrivate()).isFalse());

        DevTokenKeys afterRestart = DevTokenKeys.loadOrCreate(dataDir.resolve("nested"));

        assertThat(afterRestart.keyId()).isEqualTo(first.keyId());
        assertThat(afterRestart.signingKey()).isEqualTo(first.signingKey());
        try (var files = Files.list(dataDir.resolve("nested"))) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void looserPermissionsAreTightenedOnLoad() throws Exception {
        DevTokenKeys.loadOrCreate(dataDir);
        Path file = dataDir.resolve(DevTokenKeys.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DevTokenKeys.loadOrCreate(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aCorruptKeyFileIsAClearStartupError() throws Exception {
        Files.writeString(dataDir.resolve(DevTokenKeys.FILE_NAME), "{not a key");

        assertThatThrownBy(() -> DevTokenKeys.loadOrCreate(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delete it to create a new key");
    }
}
