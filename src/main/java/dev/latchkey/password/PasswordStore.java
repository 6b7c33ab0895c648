package dev.latchkey.password;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for {@code member_passwords}. Every statement is filtered by project id. */
public final class PasswordStore {

    /** Adds a password row for the member. */
    public void insert(Handle h, String projectId, String id, String memberId, String hash, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO member_passwords (id, project_id, member_id, hash, created_at, updated_at)
                        VALUES (:id, :p, :m, :hash, :now, :now)""")
                .bind("id", id)
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("hash", hash)
                .bind("now", now)
                .execute();
    }

    /** A stored password: its encoded hash, and whether {@code require_reset} has marked it. */
    public record Stored(String hash, boolean resetRequired) {}

    /** The stored password with this id, if it belongs to the member. */
    public Optional<Stored> hash(Handle h, String projectId, String memberId, String passwordId) {
        return h.createQuery(
                        """
                        SELECT hash, reset_required_at IS NOT NULL AS reset_required FROM member_passwords
                        WHERE project_id = :p AND member_id = :m AND id = :id""")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("id", passwordId)
                .map((rs, ctx) -> new Stored(rs.getString("hash"), rs.getBoolean("reset_required")))
                .findOne();
    }

    /**
     * Marks the member's password as requiring a reset (kept if already marked); false when the member has no
     * password row.
     */
    public boolean requireReset(Handle h, String projectId, String memberId, String passwordId, Instant now) {
        return h.createUpdate(
                                """
                        UPDATE member_passwords SET reset_required_at = COALESCE(reset_required_at, :now)
                        WHERE project_id = :p AND member_id = :m AND id = :id""")
                        .bind("p", projectId)
                        .bind("m", memberId)
                        .bind("id", passwordId)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    /** Replaces the hash of an existing password (a re-hash; the password itself is unchanged). */
    public void updateHash(Handle h, String projectId, String passwordId, String hash, Instant now) {
        h.createUpdate(
                        """
                        UPDATE member_passwords SET hash = :hash, updated_at = :now
                        WHERE project_id = :p AND id = :id""")
                .bind("p", projectId)
                .bind("id", passwordId)
                .bind("hash", hash)
                .bind("now", now)
                .execute();
    }

    /** The member whose password row this is, if any. */
    public Optional<String> memberOf(Handle h, String projectId, String passwordId) {
        return h.createQuery("SELECT member_id FROM member_passwords WHERE project_id = :p AND id = :id")
                .bind("p", projectId)
                .bind("id", passwordId)
                .mapTo(String.class)
                .findOne();
    }

    /** Deletes every password row of the member. */
    public void deleteAll(Handle h, String projectId, String memberId) {
        h.createUpdate("DELETE FROM member_passwords WHERE project_id = :p AND member_id = :m")
                .bind("p", projectId)
                .bind("m", memberId)
                .execute();
    }

    /** Deletes the member's password rows other than {@code keepId}; returns how many were deleted. */
    public int deleteOthers(Handle h, String projectId, String memberId, String keepId) {
        return h.createUpdate("DELETE FROM member_passwords WHERE project_id = :p AND member_id = :m AND id <> :keep")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("keep", keepId)
                .execute();
    }
}
