package dev.latchkey.project;

import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for projects. The secret column holds a SHA-256 digest, never the secret. */
public final class ProjectStore {

    public void insert(Handle h, Project p, String secretDigest) {
        h.createUpdate(
                        """
                        INSERT INTO projects (id, environment, secret_digest, public_token, created_at)
                        VALUES (:id, :env, :digest, :publicToken, :createdAt)""")
                .bind("id", p.id())
                .bind("env", p.environment().segment())
                .bind("digest", secretDigest)
                .bind("publicToken", p.publicToken())
                .bind("createdAt", p.createdAt())
                .execute();
    }

    public Optional<Project> find(Handle h, String id) {
        return h.createQuery("SELECT * FROM projects WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** A project with its stored secret digest, for a constant-time comparison by the caller. */
    public Optional<WithDigest> findWithDigest(Handle h, String id) {
        return h.createQuery("SELECT * FROM projects WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new WithDigest(map(rs), rs.getString("secret_digest")))
                .findOne();
    }

    /** A project and the digest of its secret. */
    public record WithDigest(Project project, String secretDigest) {}

    public Optional<Project> findByPublicToken(Handle h, String publicToken) {
        return h.createQuery("SELECT * FROM projects WHERE public_token = :t")
                .bind("t", publicToken)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<Project> list(Handle h) {
        return h.createQuery("SELECT * FROM projects ORDER BY created_at, id")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    public boolean updateSecretDigest(Handle h, String id, String digest) {
        Changes.afterCommit(h, new Change(Change.Kind.PROJECT, id));
        return h.createUpdate("UPDATE projects SET secret_digest = :d WHERE id = :id")
                        .bind("d", digest)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Sets a project's session limits; false if there is no such project. */
    public boolean updateSessionLimits(Handle h, String id, SessionLimits limits) {
        Changes.afterCommit(h, new Change(Change.Kind.PROJECT, id));
        return h.createUpdate("UPDATE projects SET sdk_session_max_minutes = :sdk, session_idle_timeout_minutes = :idle"
                                + " WHERE id = :id")
                        .bind("sdk", limits.sdkMaxDurationMinutes())
                        .bind("idle", limits.idleTimeoutMinutes())
                        .bind("id", id)
                        .execute()
                == 1;
    }

    private static Project map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Project(
                rs.getString("id"),
                Environment.fromSegment(rs.getString("environment")),
                rs.getString("public_token"),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                new SessionLimits(rs.getInt("sdk_session_max_minutes"), rs.getInt("session_idle_timeout_minutes")));
    }
}
