package dev.latchkey.sso.flow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for SSO requests in flight, looked up by the digest of their state and used once. */
final class SsoRequestStore {
    private static final String COLUMNS =
            """
            id, project_id, organization_id, connection_id, member_connection_id, code_challenge, login_redirect_url, signup_redirect_url,
            saml_request_id, oidc_nonce, oidc_verifier_sealed, expires_at""";

    void insert(Handle h, SsoRequest r, String stateDigest, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO sso_requests (id, project_id, organization_id, connection_id, member_connection_id, state_digest,
                            code_challenge, login_redirect_url, signup_redirect_url, saml_request_id, oidc_nonce,
                            oidc_verifier_sealed, created_at, expires_at)
                        VALUES (:id, :p, :o, :c, :mc, :d, :challenge, :login, :signup, :saml, :nonce, :verifier, :now, :exp)""")
                .bind("id", r.id())
                .bind("p", r.projectId())
                .bind("o", r.organizationId())
                .bind("c", r.connectionId())
                .bind("mc", r.memberConnectionId())
                .bind("d", stateDigest)
                .bind("challenge", r.codeChallenge())
                .bind("login", r.loginRedirectUrl())
                .bind("signup", r.signupRedirectUrl())
                .bind("saml", r.samlRequestId())
                .bind("nonce", r.oidcNonce())
                .bind("verifier", r.oidcVerifierSealed())
                .bind("now", now)
                .bind("exp", r.expiresAt())
                .execute();
    }

    /**
     * Deletes the project's rows that expired more than {@link SsoLimits#KEPT_AFTER_EXPIRY} ago (used or not), so the
     * table holds about a day of logins; called when a row is added.
     */
    void sweep(Handle h, String projectId, Instant now) {
        h.createUpdate("DELETE FROM sso_requests WHERE project_id = :p AND expires_at < :cutoff")
                .bind("p", projectId)
                .bind("cutoff", now.minus(SsoLimits.KEPT_AFTER_EXPIRY))
                .execute();
    }

    /** Uses up the live request of this state at this connection; exactly one of concurrent callers gets it. */
    Optional<SsoRequest> consume(Handle h, String stateDigest, String connectionId, Instant now) {
        return h.createQuery("UPDATE sso_requests SET consumed_at = :now WHERE state_digest = :d AND connection_id = :c"
                        + " AND consumed_at IS NULL AND expires_at > :now RETURNING " + COLUMNS)
                .bind("d", stateDigest)
                .bind("c", connectionId)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Whether a request with this state was ever started at this connection (used, expired or live). */
    boolean exists(Handle h, String stateDigest, String connectionId) {
        return h.createQuery("SELECT count(*) FROM sso_requests WHERE state_digest = :d AND connection_id = :c")
                        .bind("d", stateDigest)
                        .bind("c", connectionId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    private static SsoRequest map(ResultSet rs) throws SQLException {
        return new SsoRequest(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("connection_id"),
                rs.getString("member_connection_id"),
                rs.getString("code_challenge"),
                rs.getString("login_redirect_url"),
                rs.getString("signup_redirect_url"),
                rs.getString("saml_request_id"),
                rs.getString("oidc_nonce"),
                rs.getBytes("oidc_verifier_sealed"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }
}
