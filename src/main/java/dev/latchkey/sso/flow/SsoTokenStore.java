package dev.latchkey.sso.flow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for sso tokens, looked up by digest; redeemed by one conditional UPDATE. */
final class SsoTokenStore {
    private static final String COLUMNS =
            """
            id, project_id, organization_id, member_id, connection_id, protocol, registration_id, external_id,
            code_challenge, expires_at, consumed_at""";

    void insert(Handle h, SsoToken t, String digest, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO sso_tokens (id, project_id, organization_id, member_id, connection_id, protocol,
                            registration_id, external_id, token_digest, code_challenge, created_at, expires_at)
                        VALUES (:id, :p, :o, :m, :c, :protocol, :r, :x, :d, :challenge, :now, :exp)""")
                .bind("id", t.id())
                .bind("p", t.projectId())
                .bind("o", t.organizationId())
                .bind("m", t.memberId())
                .bind("c", t.connectionId())
                .bind("protocol", t.saml() ? "saml" : "oidc")
                .bind("r", t.registrationId())
                .bind("x", t.externalId())
                .bind("d", digest)
                .bind("challenge", t.codeChallenge())
                .bind("now", now)
                .bind("exp", t.expiresAt())
                .execute();
    }

    /**
     * Deletes the project's rows that expired more than {@link SsoLimits#KEPT_AFTER_EXPIRY} ago (used or not), so the
     * table holds about a day of logins; called when a row is added.
     */
    void sweep(Handle h, String projectId, Instant now) {
        h.createUpdate("DELETE FROM sso_tokens WHERE project_id = :p AND expires_at < :cutoff")
                .bind("p", projectId)
                .bind("cutoff", now.minus(SsoLimits.KEPT_AFTER_EXPIRY))
                .execute();
    }

    /**
     * Redeems a live token whose PKCE challenge matches ({@code challenge} null: the token must have none). Exactly
     * one of concurrent callers gets the row; a PKCE failure leaves the token live.
     */
    Optional<SsoToken> consume(Handle h, String projectId, String digest, String challenge, Instant now) {
        return h.createQuery("UPDATE sso_tokens SET consumed_at = :now WHERE project_id = :p AND token_digest = :d"
                        + " AND consumed_at IS NULL AND expires_at > :now"
                        + " AND code_challenge IS NOT DISTINCT FROM :c RETURNING " + COLUMNS)
                .bind("p", projectId)
                .bind("d", digest)
                .bind("c", challenge)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    Optional<SsoToken> find(Handle h, String projectId, String digest) {
        return h.createQuery("SELECT " + COLUMNS + " FROM sso_tokens WHERE project_id = :p AND token_digest = :d")
                .bind("p", projectId)
                .bind("d", digest)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static SsoToken map(ResultSet rs) throws SQLException {
        OffsetDateTime consumed = rs.getObject("consumed_at", OffsetDateTime.class);
        return new SsoToken(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getString("connection_id"),
                "saml".equals(rs.getString("protocol")),
                rs.getString("registration_id"),
                rs.getString("external_id"),
                rs.getString("code_challenge"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                consumed == null ? null : consumed.toInstant());
    }
}
