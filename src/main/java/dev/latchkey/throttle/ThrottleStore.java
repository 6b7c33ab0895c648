package dev.latchkey.throttle;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** The counters of {@code throttle_hits}: one row per project, key and fixed window. */
public final class ThrottleStore {

    /**
     * Counts one hit in the window and returns the window's count including it, in one statement: concurrent hits
     * on one key serialise on its row, so each sees a distinct count and exactly {@code limit} of them see
     * {@code <= limit}.
     */
    public int hit(Handle h, String projectId, String key, Instant windowStart, Instant windowEnd) {
        return h.createQuery(
                        """
                        INSERT INTO throttle_hits (project_id, key, window_start, expires_at, count)
                        VALUES (:p, :k, :start, :end, 1)
                        ON CONFLICT (project_id, key, window_start)
                        DO UPDATE SET count = throttle_hits.count + 1
                        RETURNING count""")
                .bind("p", projectId)
                .bind("k", key)
                .bind("start", windowStart)
                .bind("end", windowEnd)
                .mapTo(Integer.class)
                .one();
    }

    /** The counts of {@link #hitUnless}: the first key's, and the second's (null when it was not counted). */
    public record Counts(int first, Integer second) {}

    /**
     * Counts one hit on {@code firstKey} and, only when that count is at most {@code firstLimit}, one on
     * {@code secondKey}, in one statement (one round trip and one commit where there were two; issue 12). Each key
     * is counted as by {@link #hit}, so the same serialisation holds; the keys must differ.
     */
    public Counts hitUnless(
            Handle h,
            String projectId,
            String firstKey,
            int firstLimit,
            String secondKey,
            Instant windowStart,
            Instant windowEnd) {
        return h.createQuery(
                        """
                        WITH first AS (
                            INSERT INTO throttle_hits (project_id, key, window_start, expires_at, count)
                            VALUES (:p, :k1, :start, :end, 1)
                            ON CONFLICT (project_id, key, window_start)
                            DO UPDATE SET count = throttle_hits.count + 1
                            RETURNING count),
                        second AS (
                            INSERT INTO throttle_hits (project_id, key, window_start, expires_at, count)
                            SELECT :p, :k2, :start, :end, 1 FROM first WHERE first.count <= :limit
                            ON CONFLICT (project_id, key, window_start)
                            DO UPDATE SET count = throttle_hits.count + 1
                            RETURNING count)
                        SELECT (SELECT count FROM first) AS first, (SELECT count FROM second) AS second""")
                .bind("p", projectId)
                .bind("k1", firstKey)
                .bind("k2", secondKey)
                .bind("limit", firstLimit)
                .bind("start", windowStart)
                .bind("end", windowEnd)
                .map((rs, ctx) -> new Counts(rs.getInt("first"), (Integer) rs.getObject("second")))
                .one();
    }

    /** Deletes every window that ended before {@code now}, of all projects (housekeeping); returns how many. */
    public int prune(Handle h, Instant now) {
        return h.createUpdate("DELETE FROM throttle_hits WHERE expires_at < :now")
                .bind("now", now)
                .execute();
    }
}
