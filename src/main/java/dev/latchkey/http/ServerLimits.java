package dev.latchkey.http;

import java.time.Duration;
import java.util.Map;

/**
 * The bounds at the HTTP edge (issue 11): at most {@code maxConcurrentRequests} requests are handled at once, at most
 * {@code maxQueuedRequests} more wait, none longer than {@code maxQueueWait}, and anything beyond is answered at once
 * {@code 503 server_unavailable} with {@code Retry-After}; on SIGTERM the requests in flight get {@code shutdownGrace}
 * to finish.
 *
 * @param maxConcurrentRequests {@code LATCHKEY_MAX_CONCURRENT_REQUESTS}
 * @param maxQueuedRequests {@code LATCHKEY_MAX_QUEUED_REQUESTS}
 * @param maxQueueWait {@code LATCHKEY_MAX_QUEUE_WAIT_MS}
 * @param shutdownGrace {@code LATCHKEY_SHUTDOWN_GRACE_SECONDS}
 */
public record ServerLimits(
        int maxConcurrentRequests, int maxQueuedRequests, Duration maxQueueWait, Duration shutdownGrace) {
    /**
     * 256 at once is far more than a 2-core node completes in parallel (a login's Argon2 alone takes a core for tens
     * of milliseconds, and the database pool has 16 connections), so the bound only bites on a flood; 1024 waiting
     * for at most 5 s keeps a burst from being refused while no request waits without end.
     */
    public static final ServerLimits DEFAULTS =
            new ServerLimits(256, 1024, Duration.ofSeconds(5), Duration.ofSeconds(20));

    public ServerLimits {
        if (maxConcurrentRequests < 1
                || maxQueuedRequests < 0
                || maxQueueWait.isNegative()
                || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("invalid server limits " + maxConcurrentRequests + "/"
                    + maxQueuedRequests + "/" + maxQueueWait + "/" + shutdownGrace);
        }
    }

    public static ServerLimits fromEnvironment(Map<String, String> env) {
        return new ServerLimits(
                Integer.parseInt(env.getOrDefault(
                        "LATCHKEY_MAX_CONCURRENT_REQUESTS", Integer.toString(DEFAULTS.maxConcurrentRequests))),
                Integer.parseInt(
                        env.getOrDefault("LATCHKEY_MAX_QUEUED_REQUESTS", Integer.toString(DEFAULTS.maxQueuedRequests))),
                Duration.ofMillis(Long.parseLong(env.getOrDefault(
                        "LATCHKEY_MAX_QUEUE_WAIT_MS", Long.toString(DEFAULTS.maxQueueWait.toMillis())))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "LATCHKEY_SHUTDOWN_GRACE_SECONDS", Long.toString(DEFAULTS.shutdownGrace.toSeconds())))));
    }
}
