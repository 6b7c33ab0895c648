package dev.latchkey.password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many password hashes per second this machine computes at a cost: the bound on its password logins per
 * second, since a login verifies one hash (issue 12). {@code latchkey hash-rate} prints it for sizing a server, and
 * the benchmarks compare their login rates with it. Hashes run through {@link PasswordHasher}, its pool included,
 * as a login's do.
 */
public final class HashRate {
    private static final String SAMPLE = "correct horse battery staple 42!";

    /** {@code hashes} computed by {@code threads} threads in {@code measured}. */
    public record Result(PasswordHasher.Argon2Params params, int threads, long hashes, Duration measured) {
        public double perSecond() {
            return hashes / (measured.toNanos() / 1e9);
        }
    }

    private HashRate() {}

    /**
     * Hashes on one thread for {@code warmUp} (until the JIT has compiled the hash), then on {@code threads} threads
     * at once for {@code run}, each as fast as it can.
     */
    public static Result measure(PasswordHasher.Argon2Params params, int threads, Duration warmUp, Duration run) {
        if (threads < 1 || run.isNegative() || run.isZero() || warmUp.isNegative()) {
            throw new IllegalArgumentException("threads must be at least 1 and the run longer than zero");
        }
        PasswordHasher hasher = new PasswordHasher(params, new HashingLimits(threads, threads, Duration.ofMinutes(1)));
        long warmEnd = System.nanoTime() + warmUp.toNanos();
        while (System.nanoTime() < warmEnd) {
            hasher.hash(SAMPLE);
        }
        long start = System.nanoTime();
        long deadline = start + run.toNanos();
        List<Future<Long>> counts = new ArrayList<>();
        long total = 0;
        try (ExecutorService callers = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                counts.add(callers.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        hasher.hash(SAMPLE);
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Long> c : counts) {
                total += c.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a hash failed", e.getCause());
        }
        return new Result(params, threads, total, Duration.ofNanos(System.nanoTime() - start));
    }
}
