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

/**
 * The development issuer's RSA key pair, kept as a private JWK in a file readable by its owner only:
 * created on first start, reused afterwards, so tokens minted before a restart stay valid.
 */
public final class DevTokenKeys implements LocalJwks {

    static final String FILE_NAME = "dev-token-key.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final RSAKey key;

    private DevTokenKeys(RSAKey key) {
        this.key = key;
    }

    public static DevTokenKeys loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                restrictToOwner(file);
                return new DevTokenKeys(parse(file));
            }
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
            return new DevTokenKeys(key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the development token key " + file, e);
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
        return key;
    }

    public String keyId() {
        return key.getKeyID();
    }

    @Override
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }
}
