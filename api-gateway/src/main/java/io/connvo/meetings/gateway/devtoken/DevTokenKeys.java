package io.connvo.meetings.gateway.devtoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.connvo.meetings.gateway.security.LocalJwks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development issuer's RSA key pair, kept as a private JWK in a file readable by its owner only:
 * created on first start, reused afterwards, so tokens minted before a restart stay valid.
 * <p>
 * A new 2048-bit key takes one to three seconds on a loaded two-core machine, most of a first start's critical
 * path, so it is generated on the given executor while the application starts; whoever needs it (minting, the
 * JWKS, a token's verification) waits for it. The key is in its file before anyone can use it.
 */
public final class DevTokenKeys implements LocalJwks {

    private static final Logger log = LoggerFactory.getLogger(DevTokenKeys.class);
    static final String FILE_NAME = "dev-token-key.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final CompletableFuture<RSAKey> key;
    private final CompletableFuture<JWKSet> publicKeys;

    private DevTokenKeys(CompletableFuture<RSAKey> key) {
        this.key = key;
        this.publicKeys = key.thenApply(created -> new JWKSet(created.toPublicJWK()));
    }

    /** The key of {@code dataDir}'s file, read now; without a file, a new key created and stored on {@code creator}. */
    public static DevTokenKeys loadOrCreate(Path dataDir, Executor creator) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                restrictToOwner(file);
                return new DevTokenKeys(CompletableFuture.completedFuture(parse(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the development token key " + file, e);
        }
        CompletableFuture<RSAKey> created = CompletableFuture.supplyAsync(() -> create(dataDir, file), creator);
        created.whenComplete((key, failure) -> {
            if (failure != null) {
                log.error("Cannot create the development token key {}; no development token can be minted", file,
                        failure);
            }
        });
        return new DevTokenKeys(created);
    }

    private static RSAKey create(Path dataDir, Path file) {
        try {
            Files.createDirectories(dataDir);
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
            Path partial = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
            restrictToOwner(partial);
            Files.writeString(partial, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the development token key " + file, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate the development token key", e);
        }
    }

    private static RSAKey parse(Path file) throws IOException {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate() || key.getKeyID() == null) {
                throw new IllegalStateException(file + " must hold a private RSA JWK with a key id");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not an RSA JWK; delete it to create a new key", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    public RSAKey signingKey() {
        return key.join();
    }

    public String keyId() {
        return signingKey().getKeyID();
    }

    @Override
    public JWKSet publicKeys() {
        return publicKeys.join();
    }
}
