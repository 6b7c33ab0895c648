package dev.latchkey.password;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.latchkey.crypto.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Password hashing: Argon2id (RFC 9106) for every password set through Latchkey, and verification of those
 * and of imported hashes (see {@link HashSchemes} for the stored forms).
 *
 * <p>Each hash or verification runs on the {@link HashingPool}, as many at once as allowed (by default the number
 * of cores). Argon2id at 19 MiB is the most expensive thing a login does; without the bound, a burst of logins
 * would allocate 19 MiB each at once and make every one of them slower. With it, extra requests wait their turn,
 * but only so many and only so long ({@link HashingLimits}): a flood of logins is refused {@code server_unavailable}
 * at once instead of waiting without end. Nothing else waits on the pool: session checks, JWKS and the other routes
 * never hash a password, and the pool's own threads leave the request threads' carriers free.
 */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Params params;
    private final HashingPool pool;
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

    /** OWASP parameters, as many concurrent hashes as there are cores, the default queue. */
    public PasswordHasher() {
        this(Argon2Params.OWASP, HashingLimits.defaults());
    }

    public PasswordHasher(Argon2Params params, int maxConcurrentHashes) {
        this(params, new HashingLimits(maxConcurrentHashes, HashingLimits.DEFAULT_QUEUE, HashingLimits.DEFAULT_WAIT));
    }

    public PasswordHasher(Argon2Params params, HashingLimits limits) {
        this.params = params;
        this.pool = new HashingPool(limits);
        this.dummy = dummyHash(params);
    }

    /**
     * The stored value {@link #dummyVerify} checks against: an Argon2id PHC string with the real parameters, so
     * verifying any password against it runs one full-cost Argon2id, as a real login does, and a random salt and
     * output, which no password matches. Nothing is hashed to make it (issue 12: hashing a random token here cost a
     * full Argon2id on every start, on the path to ready); what is verified against it is the same either way.
     */
    static String dummyHash(Argon2Params params) {
        return new HashSchemes.Argon2Hash(
                        Argon2.ID,
                        Argon2Function.ARGON2_VERSION_13,
                        params.memoryKib(),
                        params.iterations(),
                        params.parallelism(),
                        Tokens.randomBytes(SALT_BYTES),
                        Tokens.randomBytes(HASH_BYTES))
                .encode();
    }

    /** The dummy stored value (for tests). */
    String dummy() {
        return dummy;
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

    /** How many hashes and verifications (dummy ones included) have run. */
    public long computations() {
        return computations.sum();
    }

    /** How many password checks wait for a pool thread right now (for metrics and tests). */
    public int waiting() {
        return pool.waiting();
    }

    /** How many password checks were refused because the queue was full or the wait too long. */
    public long refused() {
        return pool.refused();
    }

    /** Runs {@code work} on the hashing pool; raises {@code server_unavailable} when it is saturated. */
    private <T> T bounded(Supplier<T> work) {
        return pool.run(() -> {
            computations.increment();
            return work.get();
        });
    }
}
