package io.connvo.meetings.gateway.devtoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development key pair is created once, off the starting thread, kept owner-only, and reused after a restart.
 */
class DevTokenKeysTest {

    /** Runs the key's creation on the test's own thread. */
    private static final Executor NOW = Runnable::run;

    @TempDir
    Path dataDir;

    @Test
    void aNewKeyIsCreatedOnTheGivenExecutorNotOnTheCallersThread() {
        List<Runnable> handedOver = new ArrayList<>();

        DevTokenKeys keys = DevTokenKeys.loadOrCreate(dataDir, handedOver::add);

        assertThat(handedOver).hasSize(1);
        assertThat(dataDir.resolve(DevTokenKeys.FILE_NAME)).doesNotExist();
        handedOver.get(0).run();
        assertThat(dataDir.resolve(DevTokenKeys.FILE_NAME)).exists();
        assertThat(keys.publicKeys().getKeys()).singleElement()
                .satisfies(key -> assertThat(key.getKeyID()).isEqualTo(keys.keyId()));
    }

    @Test
    void anExistingKeyIsReadWithoutTheExecutor() {
        String keyId = DevTokenKeys.loadOrCreate(dataDir, NOW).keyId();

        DevTokenKeys afterRestart = DevTokenKeys.loadOrCreate(dataDir, task -> {
            throw new AssertionError("nothing to create");
        });

        assertThat(afterRestart.keyId()).isEqualTo(keyId);
    }

    @Test
    void keyIsCreatedOnFirstStartAndTheSameAfterARestart() throws Exception {
        DevTokenKeys first = DevTokenKeys.loadOrCreate(dataDir.resolve("nested"), NOW);
        Path file = dataDir.resolve("nested").resolve(DevTokenKeys.FILE_NAME);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.publicKeys().getKeys()).singleElement()
                .satisfies(key -> assertThat(key.isPrivate()).isFalse());

        DevTokenKeys afterRestart = DevTokenKeys.loadOrCreate(dataDir.resolve("nested"), NOW);

        assertThat(afterRestart.keyId()).isEqualTo(first.keyId());
        assertThat(afterRestart.signingKey()).isEqualTo(first.signingKey());
        try (var files = Files.list(dataDir.resolve("nested"))) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void looserPermissionsAreTightenedOnLoad() throws Exception {
        DevTokenKeys.loadOrCreate(dataDir, NOW);
        Path file = dataDir.resolve(DevTokenKeys.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DevTokenKeys.loadOrCreate(dataDir, NOW);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aCorruptKeyFileIsAClearStartupError() throws Exception {
        Files.writeString(dataDir.resolve(DevTokenKeys.FILE_NAME), "{not a key");

        assertThatThrownBy(() -> DevTokenKeys.loadOrCreate(dataDir, NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delete it to create a new key");
    }
}
