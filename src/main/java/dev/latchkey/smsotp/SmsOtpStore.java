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
     * Uses the member's live code if it matches, is unexpired and has tries left: the id of the used code, or
     * empty. Two concurrent uses of one code get one row between them.
     */
    public Optional<String> use(
            Handle h, String projectId, String memberId, String codeHmac, int maxAttempts, Instant now) {
        return h.createQuery(
                        """
                        UPDATE sms_otps SET consumed_at = :now
                        WHERE project_id = :p AND member_id = :m AND consumed_at IS NULL AND code_hmac = :hmac
                          AND expires_at > :now AND attempts < :max
                        RETURNING id""")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("hmac", codeHmac)
                .bind("max", maxAttempts)
                .bind("now", now)
                .mapTo(String.class)
                .findOne();
    }

    /** True when the member has a live, unexpired code with tries left (tells a wrong code from no code). */
    public boolean hasLiveCode(Handle h, String projectId, String memberId, int maxAttempts, Instant now) {
        return h.createQuery("SELECT count(*) FROM sms_otps WHERE project_id = :p AND member_id = :m"
                                + " AND consumed_at IS NULL AND expires_at > :now AND attempts < :max")
                        .bind("p", projectId)
                        .bind("m", memberId)
                        .bind("now", now)
                        .bind("max", maxAttempts)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Counts a wrong try against the live code; the last allowed wrong try kills it. */
    public void countWrongTry(Handle h, String projectId, String memberId, int maxAttempts, Instant now) {
        h.createUpdate(
                        """
                        UPDATE sms_otps SET attempts = attempts + 1,
                            consumed_at = CASE WHEN attempts + 1 >= :max THEN :now ELSE consumed_at END
                        WHERE project_id = :p AND member_id = :m AND consumed_at IS NULL""")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("max", maxAttempts)
                .bind("now", now)
                .execute();
    }
}
