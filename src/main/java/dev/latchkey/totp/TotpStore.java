package dev.latchkey.totp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for TOTP registrations and the time steps members have used. Every statement is filtered by project id. */
public final class TotpStore {
    private static final String COLUMNS =
            "id, project_id, organization_id, member_id, secret_sealed, status, expires_at, created_at, verified_at";

    public void insert(Handle h, TotpRegistration r) {
        h.createUpdate(
                        """
                        INSERT INTO totp_registrations (id, project_id, organization_id, member_id, secret_sealed, status,
                            expires_at, created_at, verified_at)
                        VALUES (:id, :p, :o, :m, :secret, :status, :expiresAt, :createdAt, :verifiedAt)""")
                .bind("id", r.id())
                .bind("p", r.projectId())
                .bind("o", r.organizationId())
                .bind("m", r.memberId())
                .bind("secret", r.secretSealed())
                .bind("status", r.status())
                .bind("expiresAt", r.expiresAt())
                .bind("createdAt", r.createdAt())
                .bind("verifiedAt", r.verifiedAt())
                .execute();
    }

    /** The member's registration with the given status (there is at most one of each). */
    public Optional<TotpRegistration> find(Handle h, String projectId, String memberId, String status) {
        return h.createQuery("SELECT " + COLUMNS
                        + " FROM totp_registrations WHERE project_id = :p AND member_id = :m AND status = :s")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("s", status)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /**
     * The member's active registration, or else its pending one. One statement, so it sees one snapshot: a
     * registration being activated concurrently is found either as pending or as active, never missed.
     */
    public Optional<TotpRegistration> findCurrent(Handle h, String projectId, String memberId) {
        return h.createQuery(
                        "SELECT " + COLUMNS
                                + """
                         FROM totp_registrations WHERE project_id = :p AND member_id = :m
                        ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END LIMIT 1""")
                .bind("p", projectId)
                .bind("m", memberId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /**
     * Turns a pending registration active. True only for the one caller whose statement changed the row, so
     * two concurrent first authentications activate it once.
     */
    public boolean activate(Handle h, String projectId, String registrationId, Instant now) {
        return h.createUpdate(
                                """
                                UPDATE totp_registrations SET status = 'active', verified_at = :now, expires_at = NULL
                                WHERE project_id = :p AND id = :id AND status = 'pending'""")
                        .bind("p", projectId)
                        .bind("id", registrationId)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    /** Deletes the member's pending registration, if any (its recovery codes go with it). */
    public int deletePending(Handle h, String projectId, String memberId) {
        return h.createUpdate(
                        "DELETE FROM totp_registrations WHERE project_id = :p AND member_id = :m AND status = 'pending'")
                .bind("p", projectId)
                .bind("m", memberId)
                .execute();
    }

    /**
     * Deletes all of the member's registrations with their recovery codes. Used time steps are kept (they
     * age out), so a code seen before the deletion stays spent if the same secret is migrated back.
     */
    public int deleteAll(Handle h, String projectId, String memberId) {
        return h.createUpdate("DELETE FROM totp_registrations WHERE project_id = :p AND member_id = :m")
                .bind("p", projectId)
                .bind("m", memberId)
                .execute();
    }

    /**
     * Records that the member authenticated with {@code step}. False when the step was already recorded —
     * a replay. The insert goes through the primary key, so of two concurrent uses of one code exactly one
     * sees true: the second waits for the first to commit and then inserts nothing.
     */
    public boolean useStep(Handle h, String projectId, String memberId, long step, Instant now) {
        return h.createUpdate(
                                """
                                INSERT INTO totp_used_steps (member_id, time_step, project_id, created_at)
                                VALUES (:m, :step, :p, :now)
                                ON CONFLICT (member_id, time_step) DO NOTHING""")
                        .bind("m", memberId)
                        .bind("step", step)
                        .bind("p", projectId)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    /** Forgets the member's used steps older than {@code step}, which no future window can reach. */
    public void forgetStepsBefore(Handle h, String projectId, String memberId, long step) {
        h.createUpdate("DELETE FROM totp_used_steps WHERE project_id = :p AND member_id = :m AND time_step < :step")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("step", step)
                .execute();
    }

    private static TotpRegistration map(ResultSet rs) throws SQLException {
        return new TotpRegistration(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                rs.getBytes("secret_sealed"),
                rs.getString("status"),
                instant(rs, "expires_at"),
                instant(rs, "created_at"),
                instant(rs, "verified_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
