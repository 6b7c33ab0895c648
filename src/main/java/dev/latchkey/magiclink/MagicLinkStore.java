package dev.latchkey.magiclink;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for magic links, looked up by token digest; redeemed by one conditional UPDATE. */
public final class MagicLinkStore {
    private static final String COLUMNS =
            "id, project_id, organization_id, member_id, email, kind, code_challenge, expires_at, consumed_at";

    public void insert(Handle h, MagicLink l, String digest, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO magic_links (id, project_id, organization_id, member_id, email, kind, token_digest,
                            code_challenge, created_at, expires_at)
                        VALUES (:id, :p, :o, :m, :e, :k, :d, :c, :now, :exp)""")
                .bind("id", l.id())
                .bind("p", l.projectId())
                .bind("o", l.organizationId())
                .bind("m", l.memberId())
                .bind("e", l.email())
                .bind("k", l.kind())
                .bind("d", digest)
                .bind("c", l.codeChallenge())
                .bind("now", now)
                .bind("exp", l.expiresAt())
                .execute();
    }

    /**
     * Redeems a live link of the given kinds whose PKCE challenge matches ({@code challenge} null: the link must
     * have none). Exactly one of concurrent callers gets the row.
     */
    public Optional<MagicLink> consume(
            Handle h, String projectId, String digest, boolean discovery, String challenge, Instant now) {
        return h.createQuery("UPDATE magic_links SET consumed_at = :now WHERE project_id = :p AND token_digest = :d"
                        + " AND consumed_at IS NULL AND expires_at > :now AND (kind = 'discovery') = :disc"
                        + " AND code_challenge IS NOT DISTINCT FROM :c RETURNING " + COLUMNS)
                .bind("p", projectId)
                .bind("d", digest)
                .bind("disc", discovery)
                .bind("c", challenge)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public Optional<MagicLink> find(Handle h, String projectId, String digest) {
        return h.createQuery("SELECT " + COLUMNS + " FROM magic_links WHERE project_id = :p AND token_digest = :d")
                .bind("p", projectId)
                .bind("d", digest)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Kills the outstanding invites of a member (a deleted or re-invited member's old links stop working). */
    public void revokeInvites(Handle h, String projectId, String memberId, Instant now) {
        h.createUpdate("UPDATE magic_links SET consumed_at = :now WHERE project_id = :p AND member_id = :m"
                        + " AND kind = 'invite' AND consumed_at IS NULL")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("now", now)
                .execute();
    }

    private static MagicLink map(ResultSet rs) throws SQLException {
        OffsetDateTime consumed = rs.getObject("consumed_at", OffsetDateTime.class);
        return new MagicLink(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getString("email"),
                rs.getString("kind"),
                rs.getString("code_challenge"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                consumed == null ? null : consumed.toInstant());
    }
}
