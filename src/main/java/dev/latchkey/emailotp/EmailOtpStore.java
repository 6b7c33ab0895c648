package dev.latchkey.emailotp;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for email one-time passcodes: HMACs, one live code per address and organization (null for discovery),
 * used by one conditional UPDATE.
 */
public final class EmailOtpStore {
    private static final String SCOPE =
            "project_id = :p AND organization_id IS NOT DISTINCT FROM :o AND email = :e AND consumed_at IS NULL";

    /** Kills the live code of this address (if any) and records a new one. */
    public void replace(
            Handle h,
            String id,
            String projectId,
            String organizationId,
            String email,
            String hmac,
            Instant now,
            Instant expires) {
        h.createUpdate("UPDATE email_otps SET consumed_at = :now WHERE " + SCOPE)
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .bind("now", now)
                .execute();
        h.createUpdate(
                        """
                        INSERT INTO email_otps (id, project_id, organization_id, email, code_hmac, created_at, expires_at)
                        VALUES (:id, :p, :o, :e, :hmac, :now, :exp)""")
                .bind("id", id)
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .bind("hmac", hmac)
                .bind("now", now)
                .bind("exp", expires)
                .execute();
    }

    /**
     * One try at the live code of this address (unexpired, unused, tries left), in one statement: a matching code
     * is used, a wrong one spends a try and the {@code maxAttempts}-th wrong one kills the code. Whether it matched,
     * or empty when there is no live code. The row lock of the UPDATE orders concurrent tries, each seeing the
     * tries before it, so of any number of wrong guesses at most {@code maxAttempts} are compared.
     */
    public Optional<Boolean> tryCode(
            Handle h,
            String projectId,
            String organizationId,
            String email,
            String hmac,
            int maxAttempts,
            Instant now) {
        return h.createQuery("UPDATE email_otps SET"
                        + " attempts = attempts + CASE WHEN code_hmac = :hmac THEN 0 ELSE 1 END,"
                        + " consumed_at = CASE WHEN code_hmac = :hmac OR attempts + 1 >= :max THEN :now"
                        + " ELSE consumed_at END"
                        + " WHERE " + SCOPE + " AND expires_at > :now AND attempts < :max"
                        + " RETURNING code_hmac = :hmac AS matched")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .bind("hmac", hmac)
                .bind("max", maxAttempts)
                .bind("now", now)
                .mapTo(Boolean.class)
                .findOne();
    }
}
