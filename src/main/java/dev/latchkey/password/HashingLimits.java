package dev.latchkey.password;

import java.time.Duration;
import java.util.Map;

/**
 * How much password hashing a node takes on at once (issue 11): {@code concurrency} Argon2 computations run, at most
 * {@code maxQueued} more wait, none longer than {@code maxWait}; a password check beyond that is refused at once with
 * {@code 503 server_unavailable} and {@code Retry-After} rather than queued without end.
 *
 * @param concurrency {@code LATCHKEY_PASSWORD_HASH_CONCURRENCY}, by default the number of cores
 * @param maxQueued {@code LATCHKEY_PASSWORD_HASH_QUEUE}
 * @param maxWait {@code LATCHKEY_PASSWORD_HASH_WAIT_MS}
 */
public record HashingLimits(int concurrency, int maxQueued, Duration maxWait) {
    /** 64 waiting at a few tens of milliseconds each is under two seconds of work on two cores. */
    static final int DEFAULT_QUEUE = 64;

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);

    public HashingLimits {
        if (concurrency < 1 || maxQueued < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException(
                    "invalid password hashing limits " + concurrency + "/" + maxQueued + "/" + maxWait);
        }
    }

    /** As many concurrent hashes as cores, the default queue and wait. */
    public static HashingLimits defaults() {
        return new HashingLimits(Runtime.getRuntime().availableProcessors(), DEFAULT_QUEUE, DEFAULT_WAIT);
    }

    public static HashingLimits fromEnvironment(Map<String, String> env) {
        HashingLimits d = defaults();
        return new HashingLimits(
                Integer.parseInt(
                        env.getOrDefault("LATCHKEY_PASSWORD_HASH_CONCURRENCY", Integer.toString(d.concurrency))),
                Integer.parseInt(env.getOrDefault("LATCHKEY_PASSWORD_HASH_QUEUE", Integer.toString(d.maxQueued))),
                Duration.ofMillis(Long.parseLong(
                        env.getOrDefault("LATCHKEY_PASSWORD_HASH_WAIT_MS", Long.toString(d.maxWait.toMillis())))));
    }
}
