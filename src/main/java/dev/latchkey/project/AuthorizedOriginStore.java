package dev.latchkey.project;

import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for a project's authorized browser origins. Origins are stored normalised ({@link Origins}). */
public final class AuthorizedOriginStore {

    /** Adds an origin; true if it was new. */
    public boolean insert(Handle h, String projectId, String origin, Instant now) {
        Changes.afterCommit(h, new Change(Change.Kind.PROJECT, projectId));
        return h.createUpdate(
                                """
                        INSERT INTO project_authorized_origins (project_id, origin, created_at)
                        VALUES (:projectId, :origin, :now)
                        ON CONFLICT (project_id, origin) DO NOTHING""")
                        .bind("projectId", projectId)
                        .bind("origin", origin)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    public boolean delete(Handle h, String projectId, String origin) {
        Changes.afterCommit(h, new Change(Change.Kind.PROJECT, projectId));
        return h.createUpdate(
                                "DELETE FROM project_authorized_origins WHERE project_id = :projectId AND origin = :origin")
                        .bind("projectId", projectId)
                        .bind("origin", origin)
                        .execute()
                == 1;
    }

    public List<String> list(Handle h, String projectId) {
        return h.createQuery(
                        "SELECT origin FROM project_authorized_origins WHERE project_id = :projectId ORDER BY origin")
                .bind("projectId", projectId)
                .mapTo(String.class)
                .list();
    }

    public boolean exists(Handle h, String projectId, String origin) {
        return h.createQuery(
                        """
                        SELECT EXISTS (SELECT 1 FROM project_authorized_origins
                                       WHERE project_id = :projectId AND origin = :origin)""")
                .bind("projectId", projectId)
                .bind("origin", origin)
                .mapTo(Boolean.class)
                .one();
    }

    public boolean existsForAnyProject(Handle h, String origin) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM project_authorized_origins WHERE origin = :origin)")
                .bind("origin", origin)
                .mapTo(Boolean.class)
                .one();
    }
}
