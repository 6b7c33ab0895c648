package dev.latchkey.delivery;

import java.time.Instant;
import java.util.Locale;

/**
 * A row of the durable outbox: one email or SMS for a configured provider, with its delivery state. {@code body}
 * is sealed ({@link SealedBodies}) and null once sent, and absent from listings.
 *
 * @param attempts tries started so far (counted when a worker claims the row, so a node dying mid-send counts)
 * @param nextAttemptAt when a worker may next claim it; for a claimed row, when its claim lapses
 * @param claimedBy the node that last claimed it
 * @param lastError why the last try failed (never the body), or null
 * @param finishedAt when it was sent or declared dead
 */
public record QueuedMessage(
        String id,
        String projectId,
        String channel,
        String recipient,
        byte[] body,
        Status status,
        int attempts,
        Instant nextAttemptAt,
        String claimedBy,
        String lastError,
        Instant createdAt,
        Instant finishedAt) {

    /** Where a message stands. */
    public enum Status {
        /** Waiting for its first or next try, or being delivered. */
        PENDING,
        /** Accepted by the provider. */
        SENT,
        /** Every try failed; kept for the operator ({@code latchkey outbox retry}). */
        DEAD;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status named {@code name} ({@code pending}, {@code sent}, {@code dead}). */
        public static Status of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
