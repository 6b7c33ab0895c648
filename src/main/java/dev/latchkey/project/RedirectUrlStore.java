package dev.latchkey.project;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for a project's redirect URLs. */
public final class RedirectUrlStore {

    public List<RedirectUrl> list(Handle h, String projectId) {
        return h.createQuery(
                        "SELECT kind, url, is_default FROM project_redirect_urls WHERE project_id = :p ORDER BY kind, created_at, url")
                .bind("p", projectId)
                .map((rs, ctx) -> new RedirectUrl(
                        RedirectKind.parse(rs.getString("kind")), rs.getString("url"), rs.getBoolean("is_default")))
                .list();
    }

    /** Adds (or re-marks) a URL; making it the default takes the default away from the kind's other URLs. */
    public void add(Handle h, String projectId, RedirectUrl u, Instant now) {
        if (u.isDefault()) {
            h.createUpdate("UPDATE project_redirect_urls SET is_default = false WHERE project_id = :p AND kind = :k")
                    .bind("p", projectId)
                    .bind("k", u.kind().wireName())
                    .execute();
        }
        h.createUpdate(
                        """
                        INSERT INTO project_redirect_urls (project_id, kind, url, is_default, created_at)
                        VALUES (:p, :k, :u, :d, :now)
                        ON CONFLICT (project_id, kind, url) DO UPDATE SET is_default = excluded.is_default""")
                .bind("p", projectId)
                .bind("k", u.kind().wireName())
                .bind("u", u.url())
                .bind("d", u.isDefault())
                .bind("now", now)
                .execute();
    }

    public int remove(Handle h, String projectId, String url) {
        return h.createUpdate("DELETE FROM project_redirect_urls WHERE project_id = :p AND url = :u")
                .bind("p", projectId)
                .bind("u", url)
                .execute();
    }
}
