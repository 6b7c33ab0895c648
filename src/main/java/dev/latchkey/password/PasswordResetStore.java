package dev.latchkey.password;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code password_reset_tokens}. Tokens are looked up by the SHA-256 digest only. A token is bound either to
 * one member of one organization ({@code passwords/email/reset/start}) or to an email address across the project
 * ({@code passwords/discovery/email/reset/start}); each consuming endpoint sees only its own kind.
 */
public final class PasswordResetStore {

    /**
     * A reset token row, without the token: {@code organizationId} and {@code memberId} for a member's token,
     * {@code emailAddress} (normalized) for a discovery token.
     */
    public record ResetToken(
            String id,
            String projectId,
            String organizationId,
            String memberId,
            String emailAddress,
            String codeChallenge,
            String redirectUrl,
            Instant expiresAt,
            Instant consumedAt) {}

    public void insert(Handle h, ResetToken t, String tokenDigest, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO password_reset_tokens (id, project_id, organization_id, member_id, email_address,
                            token_digest, code_challenge, redirect_url, expires_at, created_at)
                        VALUES (:id, :p, :o, :m, :email, :digest, :challenge, :redirect, :expires, :now)""")
                .bind("id", t.id())
                .bind("p", t.projectId())
                .bind("o", t.organizationId())
                .bind("m", t.memberId())
                .bind("email", t.emailAddress())
                .bind("digest", tokenDigest)
                .bind("challenge", t.codeChallenge())
                .bind("redirect", t.redirectUrl())
                .bind("expires", t.expiresAt())
                .bind("now", now)
                .execute();
    }

    /**
     * Consumes the token in one statement: only an unconsumed, unexpired token whose PKCE challenge is the
     * given one (both null, or equal), and of the kind asked for ({@code addressBound}), is marked consumed and
     * returned. Two concurrent calls cannot both succeed.
     */
    public Optional<ResetToken> consume(
            Handle h, String projectId, String tokenDigest, String challenge, boolean addressBound, Instant now) {
        return h.createQuery(
                        """
                        UPDATE password_reset_tokens SET consumed_at = :now
                        WHERE project_id = :p AND token_digest = :digest AND consumed_at IS NULL AND expires_at > :now
                          AND code_challenge IS NOT DISTINCT FROM :challenge
                          AND (email_address IS NOT NULL) = :addressBound
                        RETURNING *""")
                .bind("p", projectId)
                .bind("addressBound", addressBound)
                .bind("digest", tokenDigest)
                .bind("challenge", challenge)
                .bind("now", now)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /**
     * Consumes every outstanding token of the member, and every outstanding discovery token of its address, in one
     * statement; returns how many.
     */
    public int consumeAllOfMember(Handle h, String projectId, String memberId, String emailAddress, Instant now) {
        return h.createUpdate(
                        """
                        UPDATE password_reset_tokens SET consumed_at = :now
                        WHERE project_id = :p AND (member_id = :m OR email_address = :email)
                          AND consumed_at IS NULL AND expires_at > :now""")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("email", emailAddress)
                .bind("now", now)
                .execute();
    }

    /** The token row of this kind regardless of state, to explain why {@link #consume} refused it. */
    public Optional<ResetToken> find(Handle h, String projectId, String tokenDigest, boolean addressBound) {
        return h.createQuery(
                        """
                        SELECT * FROM password_reset_tokens WHERE project_id = :p AND token_digest = :digest
                          AND (email_address IS NOT NULL) = :addressBound""")
                .bind("p", projectId)
                .bind("addressBound", addressBound)
                .bind("digest", tokenDigest)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static ResetToken map(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime consumed = rs.getObject("consumed_at", OffsetDateTime.class);
        return new ResetToken(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getString("email_address"),
                rs.getString("code_challenge"),
                rs.getString("redirect_url"),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                consumed == null ? null : consumed.toInstant());
    }
}
