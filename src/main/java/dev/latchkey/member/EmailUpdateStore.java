package dev.latchkey.member;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for open email changes ({@code member_email_updates}): one open change per member, an address open for at most
 * one member of an organization (two unique indexes), closed by one conditional UPDATE when it is verified.
 */
public final class EmailUpdateStore {

    /**
     * Closes what stands in the way of a new change of {@code memberId} to {@code email}: the member's own open change
     * (a new start replaces it) and an expired change of anyone to that address (its reservation has lapsed).
     */
    public void closeSuperseded(
            Handle h, String projectId, String organizationId, String memberId, String email, Instant now) {
        h.createUpdate("UPDATE member_email_updates SET closed_at = :now WHERE project_id = :p AND closed_at IS NULL"
                        + " AND (member_id = :m OR (organization_id = :o AND email = :e AND expires_at <= :now))")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("m", memberId)
                .bind("e", email)
                .bind("now", now)
                .execute();
    }

    /** Opens a change; a unique violation means another member holds the address open. */
    public void insert(
            Handle h,
            String id,
            String projectId,
            String organizationId,
            String memberId,
            String email,
            Instant now,
            Instant expires) {
        h.createUpdate(
                        """
                        INSERT INTO member_email_updates (id, project_id, organization_id, member_id, email, created_at,
                            expires_at)
                        VALUES (:id, :p, :o, :m, :e, :now, :exp)""")
                .bind("id", id)
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("m", memberId)
                .bind("e", email)
                .bind("now", now)
                .bind("exp", expires)
                .execute();
    }

    /** Whether a live (open, unexpired) change of a member other than {@code exceptMemberId} holds the address. */
    public boolean reserved(
            Handle h, String projectId, String organizationId, String email, String exceptMemberId, Instant now) {
        return h.createQuery("SELECT count(*) FROM member_email_updates WHERE project_id = :p AND organization_id = :o"
                                + " AND email = :e AND closed_at IS NULL AND expires_at > :now AND member_id <> :m")
                        .bind("p", projectId)
                        .bind("o", organizationId)
                        .bind("e", email)
                        .bind("m", exceptMemberId == null ? "" : exceptMemberId)
                        .bind("now", now)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /**
     * Closes the live change to {@code email} in the organization (of {@code memberId}, when given) and returns the
     * member it was for. Exactly one of concurrent callers gets it.
     */
    public Optional<String> close(
            Handle h, String projectId, String organizationId, String memberId, String email, Instant now) {
        return h.createQuery("UPDATE member_email_updates SET closed_at = :now WHERE project_id = :p"
                        + " AND organization_id = :o AND email = :e AND closed_at IS NULL AND expires_at > :now"
                        + " AND (CAST(:m AS text) IS NULL OR member_id = :m) RETURNING member_id")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .bind("m", memberId)
                .bind("now", now)
                .mapTo(String.class)
                .findOne();
    }
}
