package dev.latchkey.password;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * {@code passwords/email/require_reset}: marks a password as compromised. The password still matches, but every way
 * of using it ({@code passwords/authenticate}, {@code passwords/discovery/authenticate},
 * {@code passwords/existing_password/reset}) refuses it until a new password is set by an email or session reset.
 * Sessions the member already holds are not touched (revoke them with {@code sessions/revoke}).
 */
public final class PasswordResetRequirements {
    private final Database db;
    private final PasswordStore store;
    private final MemberService members;
    private final OrganizationService organizations;
    private final Clock clock;

    public PasswordResetRequirements(
            Database db, PasswordStore store, MemberService members, OrganizationService organizations, Clock clock) {
        this.db = db;
        this.store = store;
        this.members = members;
        this.organizations = organizations;
        this.clock = clock;
    }

    /**
     * Marks the password of the member with this address: the member of {@code orgKey} when given, else the member
     * {@code memberKey} names (an id, with no organization), else (cross-organization passwords) every member of the
     * project with this address who has a password, the first of whom is answered. Raises {@code invalid_email},
     * {@code organization_not_found}, {@code member_not_found} (no such member, or {@code member_id} names a member
     * with another address) and {@code member_password_not_found} (the member has no password).
     */
    public OrgMember require(Project project, String email, String orgKey, String memberKey) {
        String address = EmailAddresses.normalize(email);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return db.inTransaction(h -> {
            if (orgKey == null && memberKey == null) {
                List<Member> withPassword = members.findAllByEmail(h, project, address).stream()
                        .filter(m -> !m.passwordId().isEmpty())
                        .toList();
                if (withPassword.isEmpty()) {
                    throw noPassword();
                }
                withPassword.forEach(m -> mark(h, project, m, now));
                Member first = withPassword.get(0);
                return new OrgMember(organizations.require(h, project, first.organizationId()), first);
            }
            OrgMember om = target(h, project, address, orgKey, memberKey);
            mark(h, project, om.member(), now);
            return om;
        });
    }

    private OrgMember target(Handle h, Project project, String address, String orgKey, String memberKey) {
        Member member;
        Organization org;
        if (memberKey != null) {
            if (orgKey != null) {
                OrgMember om = members.require(h, project, orgKey, memberKey);
                org = om.organization();
                member = om.member();
            } else {
                member = members.requireAnyOrganization(h, project, memberKey);
                org = organizations.require(h, project, member.organizationId());
            }
            if (!member.email().equals(address)) {
                throw new ApiException(
                        ErrorType.MEMBER_NOT_FOUND, "member_id names a member with another email address.");
            }
        } else {
            org = organizations.require(h, project, orgKey);
            member = members.findByEmail(h, project, org, address);
            if (member == null) {
                throw new ApiException(
                        ErrorType.MEMBER_NOT_FOUND, "No member of this organization has that email address.");
            }
        }
        return new OrgMember(org, member);
    }

    private void mark(Handle h, Project project, Member member, Instant now) {
        if (member.passwordId().isEmpty()
                || !store.requireReset(h, project.id(), member.id(), member.passwordId(), now)) {
            throw noPassword();
        }
    }

    private static ApiException noPassword() {
        return new ApiException(ErrorType.MEMBER_PASSWORD_NOT_FOUND, "The member has no password to reset.");
    }
}
