package dev.latchkey.member;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.JsonColumns;
import dev.latchkey.store.SqlFilter;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** SQL for members. Every statement is filtered by project id. */
public final class MemberStore {
    /** The tail of a query that locks one member's row. */
    private static final String LOCKED = " FROM members m WHERE m.project_id = :p AND m.id = :id FOR UPDATE";

    private static final String COLUMNS =
            """
            m.id, m.project_id, m.organization_id, m.email, m.email_verified, m.email_id, m.status, m.name,
            m.trusted_metadata::text AS trusted_metadata, m.untrusted_metadata::text AS untrusted_metadata,
            m.is_breakglass, m.mfa_enrolled, m.mfa_phone_number, m.mfa_phone_number_verified, m.default_mfa_method,
            m.totp_registration_id, m.password_id, m.external_id, m.roles, m.retired_emails::text AS retired_emails,
            m.lock_created_at, m.lock_expires_at, m.created_at, m.updated_at,
            (SELECT coalesce(json_agg(json_build_object('connection_id', r.connection_id, 'external_id', r.external_id,
                'registration_id', r.id, 'sso_attributes', r.sso_attributes, 'groups', r.groups,
                'connection_roles', c.connection_role_assignments, 'group_roles', c.group_role_assignments)
                ORDER BY r.created_at, r.id), '[]')::text
             FROM sso_registrations r JOIN sso_connections c ON c.id = r.connection_id
             WHERE r.member_id = m.id) AS sso_registrations,
            (SELECT coalesce(json_agg(json_build_object('provider_type', r.provider,
                    'provider_subject', r.provider_subject, 'member_oauth_registration_id', r.id,
                    'profile_picture_url', coalesce(r.profile_picture_url, ''), 'locale', coalesce(r.locale, ''))
                    ORDER BY r.created_at, r.id), '[]')
                FROM member_oauth_registrations r WHERE r.member_id = m.id)::text AS oauth_registrations""";
    private static final TypeReference<List<RetiredEmail>> RETIRED = new TypeReference<>() {};
    private static final TypeReference<List<OAuthRegistrationRef>> OAUTH = new TypeReference<>() {};

    public void insert(Handle h, Member m) {
        bindAll(
                        h.createUpdate(
                                """
                                INSERT INTO members (id, project_id, organization_id, email, email_verified, email_id, status,
                                    name, trusted_metadata, untrusted_metadata, is_breakglass, mfa_enrolled, mfa_phone_number,
                                    mfa_phone_number_verified, default_mfa_method, totp_registration_id, password_id,
                                    external_id, roles, retired_emails, lock_created_at, lock_expires_at, created_at, updated_at)
                                VALUES (:id, :projectId, :organizationId, :email, :emailVerified, :emailId, :status, :name,
                                    CAST(:trusted AS jsonb), CAST(:untrusted AS jsonb), :breakglass, :mfaEnrolled, :phone,
                                    :phoneVerified, :defaultMfa, :totpId, :passwordId, :externalId, :roles,
                                    CAST(:retired AS jsonb), :lockCreatedAt, :lockExpiresAt, :createdAt, :updatedAt)"""),
                        m)
                .execute();
    }

    /** Writes every mutable field of {@code m}. */
    public void update(Handle h, Member m) {
        bindAll(
                        h.createUpdate(
                                """
                                UPDATE members SET email = :email, email_verified = :emailVerified, email_id = :emailId,
                                    status = :status, name = :name, trusted_metadata = CAST(:trusted AS jsonb),
                                    untrusted_metadata = CAST(:untrusted AS jsonb), is_breakglass = :breakglass,
                                    mfa_enrolled = :mfaEnrolled, mfa_phone_number = :phone,
                                    mfa_phone_number_verified = :phoneVerified, default_mfa_method = :defaultMfa,
                                    totp_registration_id = :totpId, password_id = :passwordId, external_id = :externalId,
                                    roles = :roles, retired_emails = CAST(:retired AS jsonb),
                                    lock_created_at = :lockCreatedAt, lock_expires_at = :lockExpiresAt,
                                    updated_at = :updatedAt
                                WHERE project_id = :projectId AND id = :id"""),
                        m)
                .execute();
        Changes.afterCommit(h, new Change(Change.Kind.MEMBER, m.id()));
    }

    /**
     * Counts one failed primary authentication (a wrong password); the {@code limit}-th in a row locks the member
     * until {@code lockUntil} and starts the count again. Runs in its own transaction so the count survives the
     * failed request's rollback.
     */
    public void recordFailure(Handle h, String projectId, String memberId, int limit, Instant now, Instant lockUntil) {
        recordFailure(h, "failed_attempts", projectId, memberId, limit, now, lockUntil);
    }

    /** A successful primary authentication ends a run of primary failures (never of second-factor ones). */
    public void resetFailures(Handle h, String projectId, String memberId) {
        resetFailures(h, "failed_attempts", projectId, memberId);
    }

    /**
     * Counts one wrong second-factor code, apart from primary failures; the {@code limit}-th in a row locks the
     * member until {@code lockUntil} and starts the count again. One statement on the row, so concurrent
     * failures are each counted.
     */
    public void recordSecondFactorFailure(
            Handle h, String projectId, String memberId, int limit, Instant now, Instant lockUntil) {
        recordFailure(h, "second_factor_failed_attempts", projectId, memberId, limit, now, lockUntil);
    }

    /** A successful second factor ends a run of second-factor failures. */
    public void resetSecondFactorFailures(Handle h, String projectId, String memberId) {
        resetFailures(h, "second_factor_failed_attempts", projectId, memberId);
    }

    // counter is one of the two column names above, never input.
    private static void recordFailure(
            Handle h, String counter, String projectId, String memberId, int limit, Instant now, Instant lockUntil) {
        h.createUpdate(
                        """
                        UPDATE members SET
                            lock_created_at = CASE WHEN %1$s + 1 >= :limit THEN :now ELSE lock_created_at END,
                            lock_expires_at = CASE WHEN %1$s + 1 >= :limit THEN :until ELSE lock_expires_at END,
                            %1$s = CASE WHEN %1$s + 1 >= :limit THEN 0 ELSE %1$s + 1 END
                        WHERE project_id = :p AND id = :id"""
                                .formatted(counter))
                .bind("limit", limit)
                .bind("now", now)
                .bind("until", lockUntil)
                .bind("p", projectId)
                .bind("id", memberId)
                .execute();
        Changes.afterCommit(h, new Change(Change.Kind.MEMBER, memberId)); // the lock may have begun
    }

    private static void resetFailures(Handle h, String counter, String projectId, String memberId) {
        h.createUpdate("UPDATE members SET %1$s = 0 WHERE project_id = :p AND id = :id AND %1$s <> 0"
                        .formatted(counter))
                .bind("p", projectId)
                .bind("id", memberId)
                .execute();
    }

    /** Finds a member of an organization by member id or external id; deleted members only if asked. */
    public Optional<Member> find(
            Handle h, String projectId, String organizationId, String key, boolean includeDeleted) {
        return h.createQuery("SELECT " + COLUMNS
                        + """
                         FROM members m
                        WHERE m.project_id = :p AND m.organization_id = :o AND (m.id = :k OR m.external_id = :k)"""
                        + (includeDeleted ? "" : " AND m.status <> 'deleted'")
                        + " ORDER BY CASE WHEN m.id = :k THEN 0 ELSE 1 END LIMIT 1")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("k", key)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public Optional<Member> findAnyOrganization(Handle h, String projectId, String memberId) {
        return h.createQuery("SELECT " + COLUMNS
                        + " FROM members m WHERE m.project_id = :p AND m.id = :id AND m.status <> 'deleted'")
                .bind("p", projectId)
                .bind("id", memberId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /**
     * Members of any organization of the project by member id or external id (deleted ones only if asked), the
     * member-id match first; at most two, enough to tell an ambiguous external id.
     */
    public List<Member> findInProject(Handle h, String projectId, String key, boolean includeDeleted) {
        return h.createQuery("SELECT " + COLUMNS
                        + " FROM members m WHERE m.project_id = :p AND (m.id = :k OR m.external_id = :k)"
                        + (includeDeleted ? "" : " AND m.status <> 'deleted'")
                        + " ORDER BY CASE WHEN m.id = :k THEN 0 ELSE 1 END, m.created_at, m.id LIMIT 2")
                .bind("p", projectId)
                .bind("k", key)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Whether a non-deleted member of the organization other than {@code exceptId} holds the address as retired. */
    public boolean retiredByAnother(Handle h, String projectId, String organizationId, String email, String exceptId) {
        return h.createQuery("SELECT count(*) FROM members WHERE project_id = :p AND organization_id = :o"
                                + " AND status <> 'deleted' AND id <> :id"
                                + " AND retired_emails @> jsonb_build_array(jsonb_build_object('email_address', :e))")
                        .bind("p", projectId)
                        .bind("o", organizationId)
                        .bind("e", email)
                        .bind("id", exceptId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** The number of non-deleted members of an organization (active, invited, pending). */
    public int countNotDeleted(Handle h, String projectId, String organizationId) {
        return h.createQuery("SELECT count(*) FROM members WHERE project_id = :p AND organization_id = :o"
                        + " AND status <> 'deleted'")
                .bind("p", projectId)
                .bind("o", organizationId)
                .mapTo(Integer.class)
                .one();
    }

    /** Every non-deleted member with this address, in any organization of the project, oldest first. */
    public List<Member> findAllByEmail(Handle h, String projectId, String email) {
        return h.createQuery("SELECT " + COLUMNS + " FROM members m WHERE m.project_id = :p AND m.email = :e"
                        + " AND m.status <> 'deleted' ORDER BY m.created_at, m.id")
                .bind("p", projectId)
                .bind("e", email)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /**
     * Locks the member row for the rest of the transaction after a right primary factor, and ends a run of primary
     * failures: one statement when there was none (the common case: a login is a few statements besides its hash,
     * issue 12), and the reset only when there was a run.
     */
    public Optional<Member> lockAfterPrimarySuccess(Handle h, String projectId, String memberId) {
        record Locked(Member member, boolean hadFailures) {}
        Optional<Locked> locked = h.createQuery(
                        "SELECT " + COLUMNS + ", m.failed_attempts <> 0 AS had_failures" + LOCKED)
                .bind("p", projectId)
                .bind("id", memberId)
                .map((rs, ctx) -> new Locked(map(rs), rs.getBoolean("had_failures")))
                .findOne();
        if (locked.isPresent() && locked.get().hadFailures()) {
            resetFailures(h, projectId, memberId); // the count is not part of Member: what was read stays current
        }
        return locked.map(Locked::member);
    }

    /** Locks the member row for the rest of the transaction. */
    public Optional<Member> lock(Handle h, String projectId, String memberId) {
        return h.createQuery("SELECT " + COLUMNS + LOCKED)
                .bind("p", projectId)
                .bind("id", memberId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public Optional<Member> findByEmail(Handle h, String projectId, String organizationId, String email) {
        return h.createQuery("SELECT " + COLUMNS
                        + " FROM members m WHERE m.project_id = :p AND m.organization_id = :o AND m.email = :e"
                        + " AND m.status <> 'deleted'")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("e", email)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public boolean externalIdTaken(Handle h, String organizationId, String externalId, String exceptId) {
        return h.createQuery(
                                "SELECT count(*) FROM members WHERE organization_id = :o AND external_id = :e AND id <> :id")
                        .bind("o", organizationId)
                        .bind("e", externalId)
                        .bind("id", exceptId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public List<Member> search(Handle h, String projectId, String[] orgIds, SqlFilter filter, Cursor after, int limit) {
        String seek = after == null ? "" : " AND (m.created_at, m.id) > (:afterAt, :afterId)";
        var q = h.createQuery("SELECT " + COLUMNS
                        + " FROM members m WHERE m.project_id = :p AND m.organization_id = ANY(:orgs) AND "
                        + filter.sql() + seek + " ORDER BY m.created_at, m.id LIMIT :limit")
                .bind("p", projectId)
                .bind("orgs", orgIds)
                .bind("limit", limit)
                .bindMap(filter.binds());
        if (after != null) {
            q.bind("afterAt", after.createdAt()).bind("afterId", after.id());
        }
        return q.map((rs, ctx) -> map(rs)).list();
    }

    public int count(Handle h, String projectId, String[] orgIds, SqlFilter filter) {
        return h.createQuery(
                        "SELECT count(*) FROM members m WHERE m.project_id = :p AND m.organization_id = ANY(:orgs) AND "
                                + filter.sql())
                .bind("p", projectId)
                .bind("orgs", orgIds)
                .bindMap(filter.binds())
                .mapTo(Integer.class)
                .one();
    }

    private static <S extends SqlStatement<S>> S bindAll(S s, Member m) {
        return s.bind("id", m.id())
                .bind("projectId", m.projectId())
                .bind("organizationId", m.organizationId())
                .bind("email", m.email())
                .bind("emailVerified", m.emailVerified())
                .bind("emailId", m.emailId())
                .bind("status", m.status())
                .bind("name", m.name())
                .bind("trusted", JsonColumns.write(m.trustedMetadata()))
                .bind("untrusted", JsonColumns.write(m.untrustedMetadata()))
                .bind("breakglass", m.breakglass())
                .bind("mfaEnrolled", m.mfaEnrolled())
                .bind("phone", m.mfaPhoneNumber())
                .bind("phoneVerified", m.mfaPhoneNumberVerified())
                .bind("defaultMfa", m.defaultMfaMethod())
                .bind("totpId", m.totpRegistrationId())
                .bind("passwordId", m.passwordId())
                .bind("externalId", m.externalId())
                .bind("roles", m.roles().toArray(String[]::new))
                .bind("retired", JsonColumns.write(m.retiredEmails()))
                .bind("lockCreatedAt", m.lockCreatedAt())
                .bind("lockExpiresAt", m.lockExpiresAt())
                .bind("createdAt", m.createdAt())
                .bind("updatedAt", m.updatedAt());
    }

    static Member map(ResultSet rs) throws SQLException {
        Array roles = rs.getArray("roles");
        return new Member(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("email"),
                rs.getBoolean("email_verified"),
                rs.getString("email_id"),
                rs.getString("status"),
                rs.getString("name"),
                JsonColumns.object(rs.getString("trusted_metadata")),
                JsonColumns.object(rs.getString("untrusted_metadata")),
                rs.getBoolean("is_breakglass"),
                rs.getBoolean("mfa_enrolled"),
                rs.getString("mfa_phone_number"),
                rs.getBoolean("mfa_phone_number_verified"),
                rs.getString("default_mfa_method"),
                rs.getString("totp_registration_id"),
                rs.getString("password_id"),
                rs.getString("external_id"),
                roles == null ? List.of() : Arrays.asList((String[]) roles.getArray()),
                JsonColumns.read(rs.getString("retired_emails"), RETIRED),
                instant(rs, "lock_created_at"),
                instant(rs, "lock_expires_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                JsonColumns.read(rs.getString("oauth_registrations"), OAUTH),
                SsoRegistrationRows.read(rs.getString("sso_registrations")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
