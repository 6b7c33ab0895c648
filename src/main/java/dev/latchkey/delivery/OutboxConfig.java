package dev.latchkey.delivery;

import java.time.Duration;
import java.util.Map;

/**
 * How the outbox workers deliver: how often an idle node looks for due messages, how long a claim lasts, how many
 * messages one node sends at once, the retry schedule and how long finished rows are kept.
 *
 * @param pollInterval how long an idle worker waits before looking again; a message queued on the same node wakes
 *     it at once, so this bounds only the delay of messages queued by other nodes
 * @param lease how long a claimed message is left to its worker; longer than a provider call may take (15 s
 *     timeouts), so a live worker never loses its claim, and short enough that a dead node's messages go out soon
 * @param senders messages one node delivers at the same time (each on its own thread)
 * @param maxAttempts tries before a message is dead
 * @param firstBackoff wait after the first failure; it doubles after each further failure, up to {@code maxBackoff}
 * @param retention how long sent and dead rows are kept before they are deleted
 */
public record OutboxConfig(
        Duration pollInterval,
        Duration lease,
        int senders,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff,
        Duration retention) {

    /** 250 ms polls, 2 min leases, 4 senders, 12 tries (1 s, 2 s, 4 s … 5 min, about 25 minutes), 7 days. */
    public static final OutboxConfig DEFAULTS = new OutboxConfig(
            Duration.ofMillis(250),
            Duration.ofMinutes(2),
            4,
            12,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofDays(7));

    public OutboxConfig {
        positive(pollInterval, "LATCHKEY_OUTBOX_POLL_MILLIS");
        positive(lease, "LATCHKEY_OUTBOX_LEASE_SECONDS");
        positive(firstBackoff, "LATCHKEY_OUTBOX_BACKOFF_FIRST_MILLIS");
        positive(retention, "LATCHKEY_OUTBOX_RETENTION_HOURS");
        if (maxBackoff == null || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException(
                    "LATCHKEY_OUTBOX_BACKOFF_MAX_SECONDS must be at least the first backoff");
        }
        if (senders < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("LATCHKEY_OUTBOX_SENDERS and LATCHKEY_OUTBOX_MAX_ATTEMPTS must be >= 1");
        }
    }

    /** Reads {@code LATCHKEY_OUTBOX_*}; each unset variable keeps its default. */
    public static OutboxConfig fromEnvironment(Map<String, String> env) {
        OutboxConfig d = DEFAULTS;
        return new OutboxConfig(
                Duration.ofMillis(number(env, "LATCHKEY_OUTBOX_POLL_MILLIS", d.pollInterval.toMillis())),
                Duration.ofSeconds(number(env, "LATCHKEY_OUTBOX_LEASE_SECONDS", d.lease.toSeconds())),
                (int) number(env, "LATCHKEY_OUTBOX_SENDERS", d.senders),
                (int) number(env, "LATCHKEY_OUTBOX_MAX_ATTEMPTS", d.maxAttempts),
                Duration.ofMillis(number(env, "LATCHKEY_OUTBOX_BACKOFF_FIRST_MILLIS", d.firstBackoff.toMillis())),
                Duration.ofSeconds(number(env, "LATCHKEY_OUTBOX_BACKOFF_MAX_SECONDS", d.maxBackoff.toSeconds())),
                Duration.ofHours(number(env, "LATCHKEY_OUTBOX_RETENTION_HOURS", d.retention.toHours())));
    }

    /** The wait after the {@code attempts}-th failed try: first, 2 × first, 4 × first … capped at the maximum. */
    public Duration backoff(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration wait = firstBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static long number(Map<String, String> env, String key, long fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + v, e);
        }
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
