package dev.latchkey.password;

import com.password4j.types.Argon2;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Computes raw Argon2 (RFC 9106) output. BouncyCastle's implementation is used rather than Password4j's, which
 * Latchkey used before: both give the same bytes (RFC 9106 vectors and a cross-check in the tests), and
 * BouncyCastle's runs more OWASP-cost hashes per second on the same cores (docs/performance.md), which is what
 * bounds a login.
 *
 * <p>An Argon2id hash at m=19 MiB fills 19,456 blocks of 1 KiB. Allocated per hash, they are 19 MiB of garbage
 * per login that every young collection in between copies while hashes are in flight; in a server that cost about
 * as much CPU as the hashing itself. The blocks are therefore kept in a pool per hashing thread (the
 * {@link HashingPool}'s few platform threads), sized for one OWASP-cost hash (about 19 MiB per thread, held while the
 * thread lives) and cleared before they are reused. One pool per thread, not one shared: a shared pool's lock, taken
 * twice per block, halved the hashing rate on two cores. A hash that needs more blocks (an imported hash with more
 * memory) allocates the rest.
 */
final class Argon2Engine {
    private static final ThreadLocal<Argon2BytesGenerator.BlockPool> BLOCKS = ThreadLocal.withInitial(
            () -> new Argon2BytesGenerator.FixedBlockPool(PasswordHasher.Argon2Params.OWASP.memoryKib()));

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
                        // Without a pool BouncyCastle makes a fresh one per hash: 19 MiB of new blocks per login
                        // (issue 12, where this pool was declared but not passed and the heap grew with logins).
                        .withBlockPool(BLOCKS.get())
                        .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
