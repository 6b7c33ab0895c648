package dev.latchkey.session;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import dev.latchkey.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for member sessions. Tokens are looked up by digest; revoked, expired and idle rows (last accessed at or before
 * the caller's idle cutoff) never authenticate.
 */
public final class SessionStore {
    static final TypeReference<List<AuthenticationFactor>> FACTORS = new TypeReference<>() {};
    private static final String COLUMNS = "id, project_id, organization_id, member_id, factors::text AS factors,"
            + " custom_claims::text AS custom_claims, started_at, last_accessed_at, expires_at";

    public void insert(Handle h, MemberSession s, String tokenDigest) {
        h.createUpdate(
                        """
                        INSERT INTO member_sessions (id, project_id, organization_id, member_id, token_digest, factors,
                            custom_claims, started_at, last_accessed_at, expires_at)
                        VALUES (:id, :p, :o, :m, :d, CAST(:f AS jsonb), CAST(:c AS jsonb), :start, :last, :exp)""")
                .bind("id", s.id())
                .bind("p", s.projectId())
                .bind("o", s.organizationId())
                .bind("m", s.memberId())
                .bind("d", tokenDigest)
                .bind("f", JsonColumns.write(s.factors()))
                .bind("c", JsonColumns.write(s.customClaims()))
                .bind("start", s.startedAt())
                .bind("last", s.lastAccessedAt())
                .bind("exp", s.expiresAt())
                .execute();
    }

    /** The live session with this token digest: not revoked, not expired, accessed after {@code idleCutoff}. */
    public Optional<MemberSession> findLiveByDigest(
            Handle h, String projectId, String digest, Instant now, Instant idleCutoff) {
        return h.createQuery("SELECT " + COLUMNS + " FROM member_sessions WHERE project_id = :p AND token_digest = :d"
                        + " AND revoked_at IS NULL AND expires_at > :now AND last_accessed_at > :idle")
                .bind("p", projectId)
                .bind("d", digest)
                .bind("now", now)
                .bind("idle", idleCutoff)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** The live session with this id: not revoked, not expired, accessed after {@code idleCutoff}. */
    public Optional<MemberSession> findLive(Handle h, String projectId, String id, Instant now, Instant idleCutoff) {
        return h.createQuery("SELECT " + COLUMNS + " FROM member_sessions WHERE project_id = :p AND id = :id"
                        + " AND revoked_at IS NULL AND expires_at > :now AND last_accessed_at > :idle")
                .bind("p", projectId)
                .bind("id", id)
                .bind("now", now)
                .bind("idle", idleCutoff)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<MemberSession> listLive(Handle h, String projectId, String memberId, Instant now, Instant idleCutoff) {
        return h.createQuery("SELECT " + COLUMNS + " FROM member_sessions WHERE project_id = :p AND member_id = :m"
                        + " AND revoked_at IS NULL AND expires_at > :now AND last_accessed_at > :idle"
                        + " ORDER BY started_at")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("now", now)
                .bind("idle", idleCutoff)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Writes factors, claims and times of a live session; false if it was revoked meanwhile. */
    public boolean update(Handle h, MemberSession s) {
        Changes.afterCommit(h, new Change(Change.Kind.SESSION, s.id()));
        return h.createUpdate(
                                """
                        UPDATE member_sessions SET factors = CAST(:f AS jsonb), custom_claims = CAST(:c AS jsonb),
                            last_accessed_at = :last, expires_at = :exp
                        WHERE project_id = :p AND id = :id AND revoked_at IS NULL""")
                        .bind("p", s.projectId())
                        .bind("id", s.id())
                        .bind("f", JsonColumns.write(s.factors()))
                        .bind("c", JsonColumns.write(s.customClaims()))
                        .bind("last", s.lastAccessedAt())
                        .bind("exp", s.expiresAt())
                        .execute()
                == 1;
    }

    public int revoke(Handle h, String projectId, String id, Instant now) {
        Changes.afterCommit(h, new Change(Change.Kind.SESSION, id));
        return h.createUpdate("UPDATE member_sessions SET revoked_at = :now WHERE project_id = :p AND id = :id"
                        + " AND revoked_at IS NULL")
                .bind("p", projectId)
                .bind("id", id)
                .bind("now", now)
                .execute();
    }

    /** Revokes every live session of a member, except {@code keepId} (may be null). */
    public int revokeAllOfMember(Handle h, String projectId, String memberId, String keepId, Instant now) {
        Changes.afterCommit(h, new Change(Change.Kind.MEMBER, memberId));
        return h.createUpdate("UPDATE member_sessions SET revoked_at = :now WHERE project_id = :p AND member_id = :m"
                        + " AND revoked_at IS NULL AND id <> :keep")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("keep", keepId == null ? "" : keepId)
                .bind("now", now)
                .execute();
    }

    private static MemberSession map(ResultSet rs) throws SQLException {
        return new MemberSession(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                JsonColumns.read(rs.getString("factors"), FACTORS),
                JsonColumns.object(rs.getString("custom_claims")),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_accessed_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }
}
