package dev.latchkey.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for OAuth states: stored by digest, consumed by one conditional UPDATE (single use however many race). */
public final class OAuthStateStore {
    private static final String COLUMNS = "project_id, provider, callback_id, organization_id, discovery, nonce,"
            + " provider_verifier_sealed, code_challenge, login_redirect_url, signup_redirect_url,"
            + " discovery_redirect_url, scopes, expires_at, consumed_at";

    /** A row, with the provider verifier still sealed. */
    record Row(OAuthState state, byte[] sealedVerifier) {}

    void insert(Handle h, String digest, OAuthState s, byte[] sealedVerifier, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO oauth_states (state_digest, project_id, provider, callback_id, organization_id,
                            discovery, nonce, provider_verifier_sealed, code_challenge, login_redirect_url,
                            signup_redirect_url, discovery_redirect_url, scopes, created_at, expires_at)
                        VALUES (:d, :p, :provider, :cb, :o, :disc, :nonce, :verifier, :challenge, :login, :signup,
                            :discoveryUrl, :scopes, :now, :exp)""")
                .bind("d", digest)
                .bind("p", s.projectId())
                .bind("provider", s.provider().wireName())
                .bind("cb", s.callbackId())
                .bind("o", s.organizationId())
                .bind("disc", s.discovery())
                .bind("nonce", s.nonce())
                .bind("verifier", sealedVerifier)
                .bind("challenge", s.codeChallenge())
                .bind("login", s.loginRedirectUrl())
                .bind("signup", s.signupRedirectUrl())
                .bind("discoveryUrl", s.discoveryRedirectUrl())
                .bind("scopes", s.scopes())
                .bind("now", now)
                .bind("exp", s.expiresAt())
                .execute();
    }

    /** Uses up a live state issued for this callback; exactly one of concurrent callers gets the row. */
    Optional<Row> consume(Handle h, String digest, String callbackId, Instant now) {
        return h.createQuery("UPDATE oauth_states SET consumed_at = :now WHERE state_digest = :d AND callback_id = :cb"
                        + " AND consumed_at IS NULL AND expires_at > :now RETURNING " + COLUMNS)
                .bind("d", digest)
                .bind("cb", callbackId)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    Optional<Row> find(Handle h, String digest) {
        return h.createQuery("SELECT " + COLUMNS + " FROM oauth_states WHERE state_digest = :d")
                .bind("d", digest)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Forgets states that ended before {@code before}; they can no longer be told apart from unknown ones. */
    int deleteEnded(Handle h, Instant before) {
        return h.createUpdate("DELETE FROM oauth_states WHERE expires_at < :t")
                .bind("t", before)
                .execute();
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(
                new OAuthState(
                        rs.getString("project_id"),
                        OAuthProvider.parse(rs.getString("provider")),
                        rs.getString("callback_id"),
                        rs.getString("organization_id"),
                        rs.getBoolean("discovery"),
                        rs.getString("nonce"),
                        null,
                        rs.getString("code_challenge"),
                        rs.getString("login_redirect_url"),
                        rs.getString("signup_redirect_url"),
                        rs.getString("discovery_redirect_url"),
                        rs.getString("scopes"),
                        OAuthProviderStore.instant(rs, "expires_at"),
                        OAuthProviderStore.instant(rs, "consumed_at")),
                rs.getBytes("provider_verifier_sealed"));
    }
}
