package dev.latchkey.password;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.latchkey.crypto.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Password hashing: Argon2id (RFC 9106) for every password set through Latchkey, and verification of those
 * and of imported hashes (see {@link HashSchemes} for the stored forms).
 *
 * <p>Each hash or verification takes a permit from a fair semaphore with as many permits as allowed
 * concurrent hashes (by default the number of cores). Argon2id at 19 MiB is the most expensive thing a
 * login does; without the bound, a burst of logins on virtual threads would allocate 19 MiB each at once and
 * make every one of them slower. With it, extra requests wait their turn.
 */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Params params;
    private final Semaphore permits;
    private final String dummy;
    private final LongAdder computations = new LongAdder();

    /** Argon2id parameters: memory in KiB, passes over memory, lanes. */
    public record Argon2Params(int memoryKib, int iterations, int parallelism) {
        /** OWASP's password storage recommendation: m=19 MiB, t=2, p=1. */
        public static final Argon2Params OWASP = new Argon2Params(19_456, 2, 1);

        public Argon2Params {
            if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
                throw new IllegalArgumentException(
                        "invalid Argon2 parameters " + memoryKib + "/" + iterations + "/" + parallelism);
            }
        }
    }

    /**
     * The outcome of checking a password: whether it matched, and whether the stored hash should be replaced
     * by a fresh Argon2id hash with the current parameters (an imported hash, or older parameters).
     */
    public record Verification(boolean matches, boolean needsRehash) {}

    /** OWASP parameters, as many concurrent hashes as there are cores. */
    public PasswordHasher() {
        this(Argon2Params.OWASP, Runtime.getRuntime().availableProcessors());
    }

    public PasswordHasher(Argon2Params params, int maxConcurrentHashes) {
        if (maxConcurrentHashes < 1) {
            throw new IllegalArgumentException("maxConcurrentHashes must be at least 1");
        }
        this.params = params;
        this.permits = new Semaphore(maxConcurrentHashes, true);
        // The dummy hash has the real parameters, so verifying against it costs what a real login costs.
        this.dummy = hash(Tokens.token());
    }

    public Argon2Params params() {
        return params;
    }

    /** A PHC-encoded Argon2id hash of {@code password} under a fresh random 16-byte salt. */
    public String hash(String password) {
        byte[] salt = Tokens.randomBytes(SALT_BYTES);
        byte[] out = bounded(() -> Argon2Engine.hash(
                Argon2.ID,
                Argon2Function.ARGON2_VERSION_13,
                params.memoryKib(),
                params.iterations(),
                params.parallelism(),
                HASH_BYTES,
                password.getBytes(StandardCharsets.UTF_8),
                salt));
        return new HashSchemes.Argon2Hash(
                        Argon2.ID,
                        Argon2Function.ARGON2_VERSION_13,
                        params.memoryKib(),
                        params.iterations(),
                        params.parallelism(),
                        salt,
                        out)
                .encode();
    }

    /**
     * Checks {@code password} against a stored hash of any supported form. {@code needsRehash} is true only for
     * a match whose stored form is not Argon2id with the current parameters.
     */
    public Verification verify(String password, String stored) {
        boolean matches = bounded(() -> HashSchemes.verify(password, stored));
        return new Verification(matches, matches && !current(stored));
    }

    /**
     * Spends what a real verification costs and discards the result, so that answering for an unknown email
     * address (or a member without a password) takes as long as answering for a known one.
     */
    public void dummyVerify(String password) {
        verify(password, dummy);
    }

    private boolean current(String stored) {
        if (!stored.startsWith(HashSchemes.ARGON2ID)) {
            return false;
        }
        HashSchemes.Argon2Hash a = HashSchemes.parseArgon2(stored);
        return a != null
                && a.version() == Argon2Function.ARGON2_VERSION_13
                && a.memoryKib() == params.memoryKib()
                && a.iterations() == params.iterations()
                && a.parallelism() == params.parallelism()
                && a.hash().length == HASH_BYTES
                && a.salt().length >= SALT_BYTES;
    }

    /** How many hashes and verifications (dummy ones included) have run, the dummy made at construction too. */
    public long computations() {
        return computations.sum();
    }

    private <T> T bounded(Supplier<T> work) {
        computations.increment();
        permits.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
