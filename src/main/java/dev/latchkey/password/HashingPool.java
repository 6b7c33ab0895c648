package dev.latchkey.password;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The platform threads Argon2 runs on, {@link HashingLimits#concurrency()} of them, behind a queue of at most
 * {@link HashingLimits#maxQueued()} (issue 11). Requests run on virtual threads, which share one carrier thread per
 * core; an Argon2 computation run on a request's own thread would hold a carrier for its whole duration, so a flood of
 * logins would occupy every carrier and stall every other request, session checks included. Here the request's
 * virtual thread parks while a pool thread hashes, the carriers stay free for everything else, and the operating
 * system shares the cores between the two. A check that finds the queue full, or waits longer than
 * {@link HashingLimits#maxWait()}, is refused {@code server_unavailable} with {@code Retry-After}.
 */
final class HashingPool {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HashingLimits limits;
    private final ThreadPoolExecutor executor;
    private final LongAdder refused = new LongAdder();

    HashingPool(HashingLimits limits) {
        this.limits = limits;
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        BlockingQueue<Runnable> queue = limits.maxQueued() == 0
                ? new SynchronousQueue<>()
                : limits.maxQueued() == Integer.MAX_VALUE
                        ? new LinkedBlockingQueue<>()
                        : new ArrayBlockingQueue<>(limits.maxQueued());
        this.executor = new ThreadPoolExecutor(
                limits.concurrency(), limits.concurrency(), 30, TimeUnit.SECONDS, queue, r -> Thread.ofPlatform()
                        .daemon()
                        .name("argon2-" + pool + "-" + threads.incrementAndGet())
                        .unstarted(r));
        executor.allowCoreThreadTimeOut(true); // an idle server keeps no hashing threads
    }

    /**
     * Runs {@code work} on a pool thread and returns its result; raises {@code server_unavailable} when the queue is
     * full or no pool thread takes the work within {@code maxWait} (the computation itself is not timed).
     */
    <T> T run(Supplier<T> work) {
        CountDownLatch started = new CountDownLatch(1);
        Future<T> result;
        try {
            result = executor.submit(() -> {
                started.countDown();
                return work.get();
            });
        } catch (RejectedExecutionException e) {
            throw overloaded();
        }
        try {
            if (!started.await(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS) && result.cancel(false)) {
                executor.purge();
                throw overloaded();
            }
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw overloaded();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many checks wait in the queue right now. */
    int waiting() {
        return executor.getQueue().size();
    }

    long refused() {
        return refused.sum();
    }

    private ApiException overloaded() {
        refused.increment();
        return new ApiException(
                ErrorType.SERVER_UNAVAILABLE, "Too many password checks at once; retry shortly.", RETRY_AFTER);
    }
}
