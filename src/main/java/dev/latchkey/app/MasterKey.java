package dev.latchkey.app;

import dev.latchkey.crypto.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** The master key that seals secrets at rest: from configuration, or a key file made once with mode 0600. */
final class MasterKey {
    private MasterKey() {}

    static byte[] load(Config config) {
        if (config.masterKey() != null && !config.masterKey().isBlank()) {
            byte[] key = Base64.getDecoder().decode(config.masterKey().trim());
            if (key.length != 32) {
                throw new IllegalArgumentException("LATCHKEY_MASTER_KEY must be base64 of 32 bytes");
            }
            return key;
        }
        Path file = config.dataDir().resolve("master.key");
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
}
