package dev.latchkey.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for oauth tokens: stored by digest, redeemed by one conditional UPDATE. */
public final class OAuthTokenStore {
    private static final String COLUMNS =
            "project_id, provider, discovery, organization_id, member_id, registration_id,"
                    + " email, email_verified, full_name, provider_subject, provider_tenant_ids, code_challenge, expires_at,"
                    + " consumed_at";

    void insert(Handle h, String digest, OAuthToken t, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO oauth_tokens (token_digest, project_id, provider, discovery, organization_id,
                            member_id, registration_id, email, email_verified, full_name, provider_subject,
                            provider_tenant_ids, code_challenge, created_at, expires_at)
                        VALUES (:d, :p, :provider, :disc, :o, :m, :r, :e, :ev, :name, :sub, :tenants, :c, :now, :exp)""")
                .bind("d", digest)
                .bind("p", t.projectId())
                .bind("provider", t.provider().wireName())
                .bind("disc", t.discovery())
                .bind("o", t.organizationId())
                .bind("m", t.memberId())
                .bind("r", t.registrationId())
                .bind("e", t.email())
                .bind("ev", t.emailVerified())
                .bind("name", t.fullName())
                .bind("sub", t.providerSubject())
                .bind("tenants", String.join(" ", t.providerTenantIds()))
                .bind("c", t.codeChallenge())
                .bind("now", now)
                .bind("exp", t.expiresAt())
                .execute();
    }

    /**
     * Redeems a live token of the given kind whose PKCE challenge matches ({@code challenge} null: it must have none).
     * Exactly one of concurrent callers gets the row.
     */
    Optional<OAuthToken> consume(
            Handle h, String projectId, String digest, boolean discovery, String challenge, Instant now) {
        return h.createQuery("UPDATE oauth_tokens SET consumed_at = :now WHERE project_id = :p AND token_digest = :d"
                        + " AND consumed_at IS NULL AND expires_at > :now AND discovery = :disc"
                        + " AND code_challenge IS NOT DISTINCT FROM :c RETURNING " + COLUMNS)
                .bind("p", projectId)
                .bind("d", digest)
                .bind("disc", discovery)
                .bind("c", challenge)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    Optional<OAuthToken> find(Handle h, String projectId, String digest) {
        return h.createQuery("SELECT " + COLUMNS + " FROM oauth_tokens WHERE project_id = :p AND token_digest = :d")
                .bind("p", projectId)
                .bind("d", digest)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static OAuthToken map(ResultSet rs) throws SQLException {
        String tenants = rs.getString("provider_tenant_ids");
        return new OAuthToken(
                rs.getString("project_id"),
                OAuthProvider.parse(rs.getString("provider")),
                rs.getBoolean("discovery"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getString("registration_id"),
                rs.getString("email"),
                rs.getBoolean("email_verified"),
                rs.getString("full_name"),
                rs.getString("provider_subject"),
                tenants.isEmpty() ? List.of() : Arrays.asList(tenants.split(" ")),
                rs.getString("code_challenge"),
                OAuthProviderStore.instant(rs, "expires_at"),
                OAuthProviderStore.instant(rs, "consumed_at"));
    }
}
