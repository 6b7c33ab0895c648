package dev.latchkey.recoverycode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for recovery codes. Every statement is filtered by project id. */
public final class RecoveryCodeStore {

    /** One stored code: its digest is what recover attempts match, its sealed form what GET returns. */
    public record StoredCode(
            String id,
            String projectId,
            String memberId,
            String totpRegistrationId,
            int position,
            String codeDigest,
            byte[] codeSealed,
            Instant createdAt) {}

    public void insert(Handle h, List<StoredCode> codes) {
        var batch = h.prepareBatch(
                """
                INSERT INTO recovery_codes (id, project_id, member_id, totp_registration_id, position, code_digest,
                    code_sealed, created_at)
                VALUES (:id, :p, :m, :r, :position, :digest, :sealed, :createdAt)""");
        for (StoredCode c : codes) {
            batch.bind("id", c.id())
                    .bind("p", c.projectId())
                    .bind("m", c.memberId())
                    .bind("r", c.totpRegistrationId())
                    .bind("position", c.position())
                    .bind("digest", c.codeDigest())
                    .bind("sealed", c.codeSealed())
                    .bind("createdAt", c.createdAt())
                    .add();
        }
        batch.execute();
    }

    /**
     * Marks the unused code with one of these digests used (its keyed digest, or the plain SHA-256 digest codes
     * stored by earlier versions carry) and returns its id; empty when no such unused code exists. One conditional
     * statement, so a code is used at most once however many requests race for it.
     */
    public Optional<String> consume(
            Handle h,
            String projectId,
            String memberId,
            String totpRegistrationId,
            String digest,
            String legacyDigest,
            Instant now) {
        return h.createQuery(
                        """
                        UPDATE recovery_codes SET used_at = :now
                        WHERE project_id = :p AND member_id = :m AND totp_registration_id = :r
                          AND code_digest IN (:d, :legacy) AND used_at IS NULL
                        RETURNING id""")
                .bind("now", now)
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("r", totpRegistrationId)
                .bind("d", digest)
                .bind("legacy", legacyDigest)
                .mapTo(String.class)
                .findOne();
    }

    /** The registration's unused codes, sealed, in the order they were issued. */
    public List<byte[]> unusedSealed(Handle h, String projectId, String totpRegistrationId) {
        return h.createQuery(
                        """
                        SELECT code_sealed FROM recovery_codes
                        WHERE project_id = :p AND totp_registration_id = :r AND used_at IS NULL
                        ORDER BY position""")
                .bind("p", projectId)
                .bind("r", totpRegistrationId)
                .mapTo(byte[].class)
                .list();
    }

    /** How many of the registration's codes are unused. */
    public int countUnused(Handle h, String projectId, String totpRegistrationId) {
        return count(h, projectId, totpRegistrationId, " AND used_at IS NULL");
    }

    /** How many codes the registration has, used or not (zero means it has none at all). */
    public int countAll(Handle h, String projectId, String totpRegistrationId) {
        return count(h, projectId, totpRegistrationId, "");
    }

    /** Deletes the registration's codes and returns how many there were. */
    public int deleteForRegistration(Handle h, String projectId, String totpRegistrationId) {
        return h.createUpdate("DELETE FROM recovery_codes WHERE project_id = :p AND totp_registration_id = :r")
                .bind("p", projectId)
                .bind("r", totpRegistrationId)
                .execute();
    }

    private static int count(Handle h, String projectId, String totpRegistrationId, String condition) {
        return h.createQuery("SELECT count(*) FROM recovery_codes WHERE project_id = :p AND totp_registration_id = :r"
                        + condition)
                .bind("p", projectId)
                .bind("r", totpRegistrationId)
                .mapTo(Integer.class)
                .one();
    }
}
