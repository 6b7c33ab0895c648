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

    /** Deletes every window that ended before {@code now}, of all projects (housekeeping); returns how many. */
    public int prune(Handle h, Instant now) {
        return h.createUpdate("DELETE FROM throttle_hits WHERE expires_at < :now")
                .bind("now", now)
                .execute();
    }
}
