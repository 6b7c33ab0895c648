package dev.latchkey.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something another thread does (the outbox workers deliver after the request answered). Time in tests
 * is a {@link MutableClock}; this is the one place that waits on the real clock, in short steps, and it fails
 * with a message naming what never happened.
 */
public final class Eventually {
    private static final long STEP_MILLIS = 20;

    private Eventually() {}

    /** Returns as soon as {@code condition} holds; fails after {@code timeout}. */
    public static void within(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            try {
                Thread.sleep(STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
