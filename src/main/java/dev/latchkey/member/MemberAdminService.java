package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The member operations around the core CRUD of {@link MemberService}: a lookup across the project's organizations
 * ({@code dangerously_get}), unlinking a retired address, clearing an external id, and the organization's member
 * count ({@code metrics}).
 */
public final class MemberAdminService {
    private final Database db;
    private final MemberStore store;
    private final MemberService members;
    private final OrganizationService organizations;
    private final Clock clock;

    public MemberAdminService(
            Database db, MemberStore store, MemberService members, OrganizationService organizations, Clock clock) {
        this.db = db;
        this.store = store;
        this.members = members;
        this.organizations = organizations;
        this.clock = clock;
    }

    /**
     * The member with this member id, or external id, in any organization of the project; deleted members only if
     * asked. Raises {@code member_not_found}, and {@code bad_request} for an external id that members of several
     * organizations hold (an external id is unique only within an organization).
     */
    public OrgMember dangerouslyGet(Project project, String memberKey, boolean includeDeleted) {
        return db.withHandle(h -> {
            List<Member> found = store.findInProject(h, project.id(), memberKey, includeDeleted);
            if (found.isEmpty()) {
                throw new ApiException(ErrorType.MEMBER_NOT_FOUND, "Member " + memberKey + " was not found.");
            }
            Member m = found.get(0);
            if (!m.id().equals(memberKey) && found.size() > 1) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST,
                        "external_id " + memberKey + " names members of several organizations; use the member_id.");
            }
            return new OrgMember(organizations.require(h, project, m.organizationId()), m);
        });
    }

    /**
     * Removes a retired address from the member, named by {@code email_id} or {@code email_address} (both given: they
     * must name the same one). Raises {@code retired_email_missing_email_identifiers} when neither is given,
     * {@code email_not_found} when the member has no such retired address, and the lookup errors.
     */
    public OrgMember unlinkRetiredEmail(
            Project project, String organizationKey, String memberKey, String emailId, String emailAddress) {
        boolean byId = emailId != null && !emailId.isEmpty();
        boolean byAddress = emailAddress != null && !emailAddress.isEmpty();
        if (!byId && !byAddress) {
            throw new ApiException(
                    ErrorType.RETIRED_EMAIL_MISSING_EMAIL_IDENTIFIERS, "Give email_id or email_address to unlink.");
        }
        String address = byAddress ? EmailAddresses.normalize(emailAddress) : null;
        return db.inTransaction(h -> {
            OrgMember found = members.require(h, project, organizationKey, memberKey);
            Member current = members.lock(h, found.member());
            List<RetiredEmail> kept = new ArrayList<>();
            boolean removed = false;
            for (RetiredEmail r : current.retiredEmails()) {
                boolean match = (!byId || r.emailId().equals(emailId))
                        && (!byAddress || r.emailAddress().equals(address));
                if (match && !removed) {
                    removed = true;
                } else {
                    kept.add(r);
                }
            }
            if (!removed) {
                throw new ApiException(ErrorType.EMAIL_NOT_FOUND, "The member has no such retired email address.");
            }
            Member.Builder b = current.toBuilder();
            b.retiredEmails = kept;
            return new OrgMember(found.organization(), members.save(h, b.build(now())));
        });
    }

    /** Clears the member's external id (a no-op when it has none). Raises the lookup errors. */
    public OrgMember deleteExternalId(Project project, String organizationKey, String memberKey) {
        return db.inTransaction(h -> {
            OrgMember found = members.require(h, project, organizationKey, memberKey);
            Member current = members.lock(h, found.member());
            if (current.externalId() == null) {
                return new OrgMember(found.organization(), current);
            }
            Member.Builder b = current.toBuilder();
            b.externalId = null;
            return new OrgMember(found.organization(), members.save(h, b.build(now())));
        });
    }

    /**
     * The number of members of the organization that are not deleted (active, invited and pending). Raises
     * {@code organization_not_found}.
     */
    public int memberCount(Project project, String organizationKey) {
        return db.withHandle(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            return store.countNotDeleted(h, project.id(), org.id());
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
