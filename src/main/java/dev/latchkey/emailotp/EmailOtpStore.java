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

    /** Uses the live code if it matches, is unexpired and has tries left; the used code's id, or empty. */
    public Optional<String> use(
            Handle h,
            String projectId,
            String organizationId,
            String email,
            String hmac,
            int maxAttempts,
            Instant now) {
        return h.createQuery("UPDATE email_otps SET consumed_at = :now WHERE " + SCOPE
                        + " AND code_hmac = :hmac AND expires_at > :now AND attempts < :max RETURNING id")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .bind("hmac", hmac)
                .bind("max", maxAttempts)
                .bind("now", now)
                .mapTo(String.class)
                .findOne();
    }

    public boolean hasLiveCode(
            Handle h, String projectId, String organizationId, String email, int maxAttempts, Instant now) {
        return h.createQuery("SELECT count(*) FROM email_otps WHERE " + SCOPE
                                + " AND expires_at > :now AND attempts < :max")
                        .bind("p", projectId)
                        .bind("o", organizationId)
                        .bind("e", email)
                        .bind("max", maxAttempts)
                        .bind("now", now)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Counts a wrong try; the last allowed one kills the code. */
    public void countWrongTry(
            Handle h, String projectId, String organizationId, String email, int maxAttempts, Instant now) {
        h.createUpdate("UPDATE email_otps SET attempts = attempts + 1,"
                        + " consumed_at = CASE WHEN attempts + 1 >= :max THEN :now ELSE consumed_at END WHERE " + SCOPE)
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .bind("max", maxAttempts)
                .bind("now", now)
                .execute();
    }
}
