package dev.latchkey.app;

import dev.latchkey.crypto.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** The master key that seals secrets at rest: from configuration, or a key file made once with mode 0600. */
public final class MasterKey {
    private MasterKey() {}

    /** The configured key, else the key file in the data directory, created on first start. */
    static byte[] load(Config config) {
        byte[] configured = configured(config);
        if (configured != null) {
            return configured;
        }
        Path file = keyFile(config);
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = Tokens.randomBytes(32);
            SecretFiles.writeOwnerOnly(file, Base64.getEncoder().encodeToString(key) + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /**
     * The key the server already uses, for CLI commands that seal secrets the server must open. Never creates
     * one: a fresh key here would seal values the server cannot read.
     *
     * @throws IllegalStateException if no key is configured and the data directory has no key file
     */
    public static byte[] loadExisting(Config config) {
        byte[] configured = configured(config);
        if (configured != null) {
            return configured;
        }
        Path file = keyFile(config);
        if (!Files.exists(file)) {
            throw new IllegalStateException(
                    "no master key: set LATCHKEY_MASTER_KEY or LATCHKEY_DATA_DIR to the server's (no " + file + ")");
        }
        try {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] configured(Config config) {
        if (config.masterKey() == null || config.masterKey().isBlank()) {
            return null;
        }
        byte[] key = Base64.getDecoder().decode(config.masterKey().trim());
        if (key.length != 32) {
            throw new IllegalArgumentException("LATCHKEY_MASTER_KEY must be base64 of 32 bytes");
        }
        return key;
    }

    private static Path keyFile(Config config) {
        return config.dataDir().resolve("master.key");
    }
}
