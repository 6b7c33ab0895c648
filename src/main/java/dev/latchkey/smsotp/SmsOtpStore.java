package dev.latchkey.smsotp;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for SMS one-time passcodes. Codes are kept as HMACs; use is one conditional UPDATE. */
public final class SmsOtpStore {

    /** Kills the member's live code, if any, and records a new one: one live code per member. */
    public void replace(
            Handle h,
            String id,
            String projectId,
            String memberId,
            String phone,
            String codeHmac,
            Instant now,
            Instant expires) {
        h.createUpdate("UPDATE sms_otps SET consumed_at = :now WHERE member_id = :m AND consumed_at IS NULL")
                .bind("m", memberId)
                .bind("now", now)
                .execute();
        h.createUpdate(
                        """
                        INSERT INTO sms_otps (id, project_id, member_id, phone, code_hmac, created_at, expires_at)
                        VALUES (:id, :p, :m, :phone, :hmac, :now, :exp)""")
                .bind("id", id)
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("phone", phone)
                .bind("hmac", codeHmac)
                .bind("now", now)
                .bind("exp", expires)
                .execute();
    }

    /**
     * One try at the member's live code (unexpired, unused, tries left), in one statement: a matching code is
     * used, a wrong one spends a try and the {@code maxAttempts}-th wrong one kills the code. Empty when there is
     * no live code. The row lock of the UPDATE orders concurrent tries, each seeing the tries before it, so of any
     * number of wrong guesses at most {@code maxAttempts} are compared, and a right code after them finds nothing.
     */
    public Optional<CodeTry> tryCode(
            Handle h, String projectId, String memberId, String codeHmac, int maxAttempts, Instant now) {
        return h.createQuery(
                        """
                        UPDATE sms_otps SET
                            attempts = attempts + CASE WHEN code_hmac = :hmac THEN 0 ELSE 1 END,
                            consumed_at = CASE WHEN code_hmac = :hmac OR attempts + 1 >= :max THEN :now ELSE consumed_at END
                        WHERE project_id = :p AND member_id = :m AND consumed_at IS NULL
                          AND expires_at > :now AND attempts < :max
                        RETURNING id, code_hmac = :hmac AS matched""")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("hmac", codeHmac)
                .bind("max", maxAttempts)
                .bind("now", now)
                .map((rs, ctx) -> new CodeTry(rs.getString("id"), rs.getBoolean("matched")))
                .findOne();
    }

    /** A try at a live code: its id, and whether the code matched (and was used) or not (and a try was spent). */
    public record CodeTry(String id, boolean matched) {}
}
