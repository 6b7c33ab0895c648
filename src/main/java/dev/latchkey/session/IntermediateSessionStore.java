package dev.latchkey.session;

import dev.latchkey.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for intermediate sessions, looked up by token digest; consumption is one conditional UPDATE. */
public final class IntermediateSessionStore {
    private static final String COLUMNS =
            "id, project_id, organization_id, member_id, email, factors::text AS factors, created_at, expires_at";

    public void insert(Handle h, IntermediateSession s, String digest) {
        h.createUpdate(
                        """
                        INSERT INTO intermediate_sessions (id, project_id, organization_id, member_id, email, token_digest,
                            factors, created_at, expires_at)
                        VALUES (:id, :p, :o, :m, :e, :d, CAST(:f AS jsonb), :created, :exp)""")
                .bind("id", s.id())
                .bind("p", s.projectId())
                .bind("o", s.organizationId())
                .bind("m", s.memberId())
                .bind("e", s.email())
                .bind("d", digest)
                .bind("f", JsonColumns.write(s.factors()))
                .bind("created", s.createdAt())
                .bind("exp", s.expiresAt())
                .execute();
    }

    /** The unconsumed, unexpired intermediate session with this digest. */
    public Optional<IntermediateSession> findLive(Handle h, String projectId, String digest, Instant now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM intermediate_sessions WHERE project_id = :p"
                        + " AND token_digest = :d AND consumed_at IS NULL AND expires_at > :now")
                .bind("p", projectId)
                .bind("d", digest)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Consumes it: true for exactly one caller, however many race. */
    public Optional<IntermediateSession> consume(Handle h, String projectId, String digest, Instant now) {
        return h.createQuery("UPDATE intermediate_sessions SET consumed_at = :now WHERE project_id = :p"
                        + " AND token_digest = :d AND consumed_at IS NULL AND expires_at > :now RETURNING " + COLUMNS)
                .bind("p", projectId)
                .bind("d", digest)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /**
     * Consumes every live intermediate session of the member except the one with digest {@code keepDigest} (null
     * keeps none), in one statement; returns how many it consumed.
     */
    public int consumeAllOfMember(Handle h, String projectId, String memberId, String keepDigest, Instant now) {
        return h.createUpdate("UPDATE intermediate_sessions SET consumed_at = :now WHERE project_id = :p"
                        + " AND member_id = :m AND consumed_at IS NULL AND expires_at > :now"
                        + " AND token_digest IS DISTINCT FROM :keep")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("keep", keepDigest)
                .bind("now", now)
                .execute();
    }

    /**
     * Counts a wrong second-factor code presented with the live intermediate session; the {@code limit}-th consumes
     * it. One statement on the row, so concurrent wrong codes are each counted.
     */
    public void countWrongCode(Handle h, String projectId, String digest, int limit, Instant now) {
        h.createUpdate(
                        """
                        UPDATE intermediate_sessions SET wrong_codes = wrong_codes + 1,
                            consumed_at = CASE WHEN wrong_codes + 1 >= :limit THEN :now ELSE consumed_at END
                        WHERE project_id = :p AND token_digest = :d AND consumed_at IS NULL""")
                .bind("limit", limit)
                .bind("now", now)
                .bind("p", projectId)
                .bind("d", digest)
                .execute();
    }

    /** Replaces the factors (and binding) of a live intermediate session; false if it is gone. */
    public boolean update(Handle h, IntermediateSession s, Instant now) {
        return h.createUpdate("UPDATE intermediate_sessions SET factors = CAST(:f AS jsonb), organization_id = :o,"
                                + " member_id = :m WHERE project_id = :p AND id = :id AND consumed_at IS NULL"
                                + " AND expires_at > :now")
                        .bind("f", JsonColumns.write(s.factors()))
                        .bind("o", s.organizationId())
                        .bind("m", s.memberId())
                        .bind("p", s.projectId())
                        .bind("id", s.id())
                        .bind("now", now)
                        .execute()
                == 1;
    }

    private static IntermediateSession map(ResultSet rs) throws SQLException {
        return new IntermediateSession(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getString("email"),
                JsonColumns.read(rs.getString("factors"), SessionStore.FACTORS),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }
}
