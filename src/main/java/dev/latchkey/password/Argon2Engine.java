package dev.latchkey.password;

import com.password4j.types.Argon2;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Computes raw Argon2 (RFC 9106) output. BouncyCastle's implementation is used rather than Password4j's, which
 * Latchkey used before: both give the same bytes (RFC 9106 vectors and a cross-check in the tests), and
 * BouncyCastle's ran about twice as many OWASP-cost hashes per second on the same cores (docs/performance.md),
 * which is what bounds a login.
 */
final class Argon2Engine {
    private Argon2Engine() {}

    /**
     * @param type {@link Argon2#ID} or {@link Argon2#I}
     * @param version 0x10 or 0x13
     */
    static byte[] hash(
            Argon2 type,
            int version,
            int memoryKib,
            int iterations,
            int parallelism,
            int length,
            byte[] password,
            byte[] salt) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(
                new Argon2Parameters.Builder(type == Argon2.ID ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i)
                        .withVersion(version)
                        .withMemoryAsKB(memoryKib)
                        .withIterations(iterations)
                        .withParallelism(parallelism)
                        .withSalt(salt)
                        .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
