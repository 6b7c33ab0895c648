package dev.latchkey.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The SQL of the durable outbox (table {@code outbox}, V12). Every method runs in the caller's transaction. */
public final class OutboxStore {
    private static final String COLUMNS =
            "id, project_id, channel, recipient, status, attempts, next_attempt_at, claimed_by, last_error,"
                    + " created_at, finished_at";

    /** Queues a message, due at once. */
    void insert(Handle h, String id, String projectId, String channel, String recipient, byte[] body, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO outbox (id, project_id, channel, recipient, body, status, next_attempt_at, created_at)
                        VALUES (:id, :p, :channel, :recipient, :body, 'pending', :now, :now)""")
                .bind("id", id)
                .bind("p", projectId)
                .bind("channel", channel)
                .bind("recipient", recipient)
                .bind("body", body)
                .bind("now", micros(now))
                .execute();
    }

    /**
     * Claims up to {@code limit} due messages for one worker: each gets {@code claimId}, one more attempt, and
     * {@code next_attempt_at = leaseUntil}, so no other worker takes it until the lease lapses. SKIP LOCKED lets
     * workers on many nodes claim side by side without waiting on, or ever sharing, a row. Only messages of
     * {@code channels} (those the worker has a provider for) are claimed, and only the earliest pending message
     * of each recipient: messages to one address go out in the order they were queued (a newer code never
     * arrives before the one it replaced), whichever workers take them.
     */
    List<QueuedMessage> claim(
            Handle h, String claimId, String node, List<String> channels, int limit, Instant now, Instant leaseUntil) {
        return h.createQuery(
                        """
                        UPDATE outbox SET claim_id = :claim, claimed_by = :node, attempts = attempts + 1,
                                          next_attempt_at = :lease
                        WHERE id IN (SELECT id FROM outbox o
                                     WHERE status = 'pending' AND next_attempt_at <= :now
                                       AND channel = ANY(:channels)
                                       AND NOT EXISTS (SELECT 1 FROM outbox earlier
                                                       WHERE earlier.status = 'pending'
                                                         AND earlier.project_id = o.project_id
                                                         AND earlier.channel = o.channel
                                                         AND earlier.recipient = o.recipient
                                                         AND earlier.seq < o.seq)
                                     ORDER BY next_attempt_at, seq
                                     LIMIT :limit
                                     FOR UPDATE SKIP LOCKED)
                        RETURNING body, """
                                + COLUMNS)
                .bind("claim", claimId)
                .bind("node", node)
                .bindArray("channels", String.class, channels)
                .bind("limit", limit)
                .bind("now", micros(now))
                .bind("lease", micros(leaseUntil))
                .map((rs, ctx) -> row(rs, rs.getBytes("body")))
                .list();
    }

    /** Marks a message sent and erases its body; false when its claim was lost (lease lapsed, claimed again). */
    boolean markSent(Handle h, String id, String claimId, Instant now) {
        return h.createUpdate(
                                """
                        UPDATE outbox SET status = 'sent', body = NULL, claim_id = NULL, finished_at = :now,
                                          last_error = NULL
                        WHERE id = :id AND claim_id = :claim AND status = 'pending'""")
                        .bind("id", id)
                        .bind("claim", claimId)
                        .bind("now", micros(now))
                        .execute()
                == 1;
    }

    /** Records a failed try: the message is due again at {@code retryAt}, or dead when {@code retryAt} is null. */
    boolean markFailed(Handle h, String id, String claimId, String error, Instant retryAt, Instant now) {
        return h.createUpdate(
                                """
                        UPDATE outbox SET claim_id = NULL, last_error = :error,
                                          status = CASE WHEN CAST(:retry AS timestamptz) IS NULL
                                                        THEN 'dead' ELSE 'pending' END,
                                          next_attempt_at = COALESCE(CAST(:retry AS timestamptz), next_attempt_at),
                                          finished_at = CASE WHEN CAST(:retry AS timestamptz) IS NULL
                                                             THEN CAST(:now AS timestamptz) END
                        WHERE id = :id AND claim_id = :claim AND status = 'pending'""")
                        .bind("id", id)
                        .bind("claim", claimId)
                        .bind("error", error)
                        .bind("retry", retryAt == null ? null : micros(retryAt))
                        .bind("now", micros(now))
                        .execute()
                == 1;
    }

    /** The newest messages, optionally of one status and one project, without bodies. */
    List<QueuedMessage> list(Handle h, QueuedMessage.Status status, String projectId, int limit) {
        return h.createQuery(
                        "SELECT " + COLUMNS
                                + """
                         FROM outbox
                        WHERE (CAST(:status AS text) IS NULL OR status = :status)
                          AND (CAST(:p AS text) IS NULL OR project_id = :p)
                        ORDER BY seq DESC LIMIT :limit""")
                .bind("status", status == null ? null : status.wireName())
                .bind("p", projectId)
                .bind("limit", limit)
                .map((rs, ctx) -> row(rs, null))
                .list();
    }

    /**
     * Makes dead messages (one, or all when {@code id} is null) due with a fresh count of tries. Due since their
     * creation, not since "now": the operator's clock (the CLI's) then cannot push them into the future of a node's.
     */
    int revive(Handle h, String id) {
        return h.createUpdate(
                        """
                        UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = created_at,
                                          finished_at = NULL
                        WHERE status = 'dead' AND body IS NOT NULL AND (CAST(:id AS text) IS NULL OR id = :id)""")
                .bind("id", id)
                .execute();
    }

    /** Deletes sent and dead messages finished before {@code before}. */
    int prune(Handle h, Instant before) {
        return h.createUpdate("DELETE FROM outbox WHERE status <> 'pending' AND finished_at < :before")
                .bind("before", micros(before))
                .execute();
    }

    /** How many messages stand in each status. */
    Map<QueuedMessage.Status, Long> counts(Handle h) {
        Map<QueuedMessage.Status, Long> counts = new EnumMap<>(QueuedMessage.Status.class);
        for (QueuedMessage.Status s : QueuedMessage.Status.values()) {
            counts.put(s, 0L);
        }
        h.createQuery("SELECT status, count(*) AS n FROM outbox GROUP BY status")
                .map((rs, ctx) -> Map.entry(QueuedMessage.Status.of(rs.getString("status")), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    private static QueuedMessage row(ResultSet rs, byte[] body) throws SQLException {
        return new QueuedMessage(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("channel"),
                rs.getString("recipient"),
                body,
                QueuedMessage.Status.of(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getString("claimed_by"),
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
