package dev.latchkey.member;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.EmailPolicy;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.RoleCatalog;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import dev.latchkey.store.UniqueViolation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Members of organizations: create, read, update, delete, reactivate, search, and factor removal. */
public final class MemberService {
    private static final Set<String> MFA_METHODS = Set.of("sms_otp", "totp");

    private final Database db;
    private final MemberStore store;
    private final EmailUpdateStore emailUpdates;
    private final OrganizationService organizations;
    private final RoleCatalog roleCatalog;
    private final SecurityNotices notices;
    private final Clock clock;

    public MemberService(
            Database db,
            MemberStore store,
            EmailUpdateStore emailUpdates,
            OrganizationService organizations,
            RoleCatalog roleCatalog,
            SecurityNotices notices,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.emailUpdates = emailUpdates;
        this.organizations = organizations;
        this.roleCatalog = roleCatalog;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * The emails that tell members their credentials changed. Every feature that changes a password or a second
     * factor already holds this service, so it reaches the notices here rather than through another dependency.
     */
    public SecurityNotices notices() {
        return notices;
    }

    /**
     * Creates a member, {@code active} unless asked to be {@code pending}. Raises {@code invalid_email},
     * {@code duplicate_member_email} (also while another member is confirming a change to the address),
     * {@code invalid_phone_number}, {@code duplicate_member_external_id}, {@code invalid_role},
     * {@code organization_not_found}.
     */
    public OrgMember create(Project project, String organizationKey, NewMember n) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            return new OrgMember(org, create(h, project, org, n));
        });
    }

    /** Creates a member inside the caller's transaction (invites, JIT provisioning, discovery). */
    public Member create(Handle h, Project project, Organization org, NewMember n) {
        String email = EmailAddresses.normalize(n.emailAddress());
        if (store.findByEmail(h, project.id(), org.id(), email).isPresent()) {
            throw duplicateEmail(email);
        }
        if (emailUpdates.reserved(h, project.id(), org.id(), email, null, now())) {
            // An existing member is confirming a change to this address (start_email_update); it is theirs for now.
            throw duplicateEmail(email);
        }
        String externalId = n.externalId() == null || n.externalId().isEmpty() ? null : n.externalId();
        if (externalId != null && store.externalIdTaken(h, org.id(), externalId, "")) {
            throw duplicateExternalId(externalId);
        }
        Instant now = now();
        Member m = new Member(
                project.newId("member"),
                project.id(),
                org.id(),
                email,
                false,
                project.newId("email"),
                n.createAsPending() ? Member.PENDING : Member.ACTIVE,
                n.name() == null ? "" : n.name(),
                n.trustedMetadata() == null ? JsonNodeFactory.instance.objectNode() : n.trustedMetadata(),
                n.untrustedMetadata() == null ? JsonNodeFactory.instance.objectNode() : n.untrustedMetadata(),
                n.breakglass(),
                n.mfaEnrolled(),
                n.mfaPhoneNumber() == null || n.mfaPhoneNumber().isEmpty() ? "" : PhoneNumbers.e164(n.mfaPhoneNumber()),
                false,
                "",
                "",
                "",
                externalId,
                roles(h, project, org, n.roles()),
                List.of(),
                null,
                null,
                now,
                now);
        write(() -> store.insert(h, m), email, externalId);
        return m;
    }

    /** The member by member id or external id; {@code member_not_found} otherwise. */
    public OrgMember get(Project project, String organizationKey, String memberKey) {
        return db.withHandle(h -> require(h, project, organizationKey, memberKey));
    }

    /** The member by email address; {@code member_not_found} otherwise. */
    public OrgMember getByEmail(Project project, String organizationKey, String email) {
        return db.withHandle(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            Member m = store.findByEmail(h, project.id(), org.id(), EmailAddresses.normalize(email))
                    .orElseThrow(() -> notFound(email));
            return new OrgMember(org, m);
        });
    }

    public OrgMember require(Handle h, Project project, String organizationKey, String memberKey) {
        Organization org = organizations.require(h, project, organizationKey);
        return new OrgMember(org, requireIn(h, project, org, memberKey));
    }

    public Member requireIn(Handle h, Project project, Organization org, String memberKey) {
        if (memberKey == null || memberKey.isBlank()) {
            throw new ApiException(ErrorType.BAD_REQUEST, "member_id is required.");
        }
        return store.find(h, project.id(), org.id(), memberKey, false).orElseThrow(() -> notFound(memberKey));
    }

    /** A non-deleted member of any organization of the project, by member id; {@code member_not_found} otherwise. */
    public Member requireAnyOrganization(Handle h, Project project, String memberId) {
        return store.findAnyOrganization(h, project.id(), memberId).orElseThrow(() -> notFound(memberId));
    }

    /** Every non-deleted member with this (normalized) address across the project's organizations. */
    public List<Member> findAllByEmail(Handle h, Project project, String email) {
        return store.findAllByEmail(h, project.id(), email);
    }

    /** Locks the member row for the rest of the caller's transaction and returns its current state. */
    public Member lock(Handle h, Member m) {
        return store.lock(h, m.projectId(), m.id()).orElseThrow(() -> notFound(m.id()));
    }

    /**
     * The member of {@code org} with this (normalized) address, or a new {@code pending} member when the
     * organization lets the address's domain join by email. Raises {@code email_jit_provisioning_not_allowed} and
     * {@code invalid_email_for_jit_provisioning}.
     */
    public Provisioned findOrSignUp(Handle h, Project project, Organization org, String address) {
        Member member = findByEmail(h, project, org, address);
        if (member != null) {
            return new Provisioned(member, false);
        }
        EmailPolicy.requireJit(org, EmailAddresses.domain(address));
        return new Provisioned(
                create(
                        h,
                        project,
                        org,
                        new NewMember(address, null, null, null, true, false, null, false, List.of(), null)),
                true);
    }

    /** A member found or signed up, and whether it was created now. */
    public record Provisioned(Member member, boolean created) {}

    /**
     * The member after an email-verifying factor (magic link, email OTP, reset link, discovery): a pending or
     * invited member becomes active (signup completed, invite accepted) and the address counts as verified.
     */
    public Member verifyEmail(Handle h, Member member) {
        if (member.isActive() && member.emailVerified()) {
            return member;
        }
        Member.Builder b = lock(h, member).toBuilder();
        b.status = Member.ACTIVE;
        b.emailVerified = true;
        return save(h, b.build(now()));
    }

    /** Writes a changed member inside the caller's transaction. */
    public Member save(Handle h, Member m) {
        store.update(h, m);
        return m;
    }

    public Member findByEmail(Handle h, Project project, Organization org, String email) {
        return store.findByEmail(h, project.id(), org.id(), email).orElse(null);
    }

    /**
     * Applies the given changes. A phone number can only be set on a member that has none
     * ({@code duplicate_member_phone_number_for_member}); a default MFA method needs that factor
     * ({@code default_mfa_member_missing_factor}); a new email address retires the old one and clears the password.
     */
    public OrgMember update(Project project, String organizationKey, String memberKey, MemberChanges c) {
        return db.inTransaction(h -> {
            OrgMember found = require(h, project, organizationKey, memberKey);
            Member current = lock(h, found.member());
            Member.Builder b = current.toBuilder();
            if (c.name() != null) {
                b.name = c.name();
            }
            if (c.trustedMetadata() != null && !c.trustedMetadata().isEmpty()) {
                b.trustedMetadata = c.trustedMetadata();
            }
            if (c.untrustedMetadata() != null && !c.untrustedMetadata().isEmpty()) {
                b.untrustedMetadata = c.untrustedMetadata();
            }
            if (c.breakglass() != null) {
                b.breakglass = c.breakglass();
            }
            if (c.mfaEnrolled() != null) {
                b.mfaEnrolled = c.mfaEnrolled();
            }
            if (c.roles() != null && !c.roles().isEmpty()) {
                b.roles = roles(h, project, found.organization(), c.roles());
            }
            if (c.mfaPhoneNumber() != null && !c.mfaPhoneNumber().isEmpty()) {
                String phone = PhoneNumbers.e164(c.mfaPhoneNumber());
                if (!current.mfaPhoneNumber().isEmpty()
                        && !current.mfaPhoneNumber().equals(phone)) {
                    throw new ApiException(
                            ErrorType.DUPLICATE_MEMBER_PHONE_NUMBER_FOR_MEMBER,
                            "The member already has an MFA phone number; delete it before setting another.");
                }
                if (!current.mfaPhoneNumber().equals(phone)) {
                    b.mfaPhoneNumber = phone;
                    b.mfaPhoneNumberVerified = false;
                }
            }
            if (c.externalId() != null && !c.externalId().isEmpty()) {
                if (store.externalIdTaken(h, current.organizationId(), c.externalId(), current.id())) {
                    throw duplicateExternalId(c.externalId());
                }
                b.externalId = c.externalId();
            }
            if (c.emailAddress() != null && !c.emailAddress().isEmpty()) {
                changeEmail(
                        h,
                        project,
                        current,
                        b,
                        EmailAddresses.normalize(c.emailAddress()),
                        Boolean.TRUE.equals(c.unlinkEmail()));
            }
            if (c.defaultMfaMethod() != null && !c.defaultMfaMethod().isEmpty()) {
                b.defaultMfaMethod = defaultMfaMethod(c.defaultMfaMethod(), b);
            }
            Member updated = b.build(now());
            write(() -> store.update(h, updated), updated.email(), updated.externalId());
            return new OrgMember(found.organization(), updated);
        });
    }

    /** Marks the member deleted; its email address becomes free for another member. Returns the member id. */
    public String delete(Project project, String organizationKey, String memberKey) {
        return db.inTransaction(h -> {
            OrgMember found = require(h, project, organizationKey, memberKey);
            Member.Builder b = lock(h, found.member()).toBuilder();
            b.status = Member.DELETED;
            store.update(h, b.build(now()));
            return found.member().id();
        });
    }

    /**
     * Restores a deleted member to {@code active}. Raises {@code no_deleted_member_found_for_reactivation},
     * {@code email_unverified_for_reactivation}, {@code reactivation_email_belongs_to_another_member}.
     */
    public OrgMember reactivate(Project project, String organizationKey, String memberKey) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            Member m = store.find(h, project.id(), org.id(), memberKey, true)
                    .filter(x -> Member.DELETED.equals(x.status()))
                    .orElseThrow(() -> new ApiException(
                            ErrorType.NO_DELETED_MEMBER_FOUND_FOR_REACTIVATION,
                            "No deleted member " + memberKey + " was found in this organization."));
            if (!m.emailVerified()) {
                throw new ApiException(
                        ErrorType.EMAIL_UNVERIFIED_FOR_REACTIVATION,
                        "Only a member with a verified email address can be reactivated.");
            }
            if (store.findByEmail(h, project.id(), org.id(), m.email()).isPresent()) {
                throw new ApiException(
                        ErrorType.REACTIVATION_EMAIL_BELONGS_TO_ANOTHER_MEMBER,
                        "Another member of this organization now has " + m.email() + ".");
            }
            Member.Builder b = m.toBuilder();
            b.status = Member.ACTIVE;
            Member updated = b.build(now());
            // A concurrent create may take the address between the check above and this write.
            write(() -> store.update(h, updated), updated.email(), updated.externalId());
            return new OrgMember(org, updated);
        });
    }

    /** Removes the member's MFA phone number (and SMS as its default method). */
    public OrgMember deleteMfaPhoneNumber(Project project, String organizationKey, String memberKey) {
        return db.inTransaction(h -> {
            OrgMember found = require(h, project, organizationKey, memberKey);
            Member current = lock(h, found.member());
            if (current.mfaPhoneNumber().isEmpty()) {
                throw new ApiException(ErrorType.MEMBER_PHONE_NUMBER_NOT_FOUND, "The member has no MFA phone number.");
            }
            Member.Builder b = current.toBuilder();
            b.mfaPhoneNumber = "";
            b.mfaPhoneNumberVerified = false;
            if ("sms_otp".equals(current.defaultMfaMethod())) {
                b.defaultMfaMethod = "";
            }
            Member saved = save(h, b.build(now()));
            notices.secondFactorsChanged(h, project, found.organization(), current, saved);
            return new OrgMember(found.organization(), saved);
        });
    }

    private void changeEmail(
            Handle h, Project project, Member current, Member.Builder b, String email, boolean unlink) {
        if (email.equals(current.email())) {
            return;
        }
        if (store.findByEmail(h, project.id(), current.organizationId(), email).isPresent()
                || emailUpdates.reserved(h, project.id(), current.organizationId(), email, current.id(), now())) {
            throw duplicateEmail(email);
        }
        if (!unlink) {
            List<RetiredEmail> retired = new ArrayList<>(current.retiredEmails());
            retired.add(new RetiredEmail(current.emailId(), current.email()));
            b.retiredEmails = retired;
        }
        b.email = email;
        b.emailId = project.newId("email");
        b.emailVerified = false;
        b.passwordId = ""; // a new address must be verified again before a password can be used
    }

    private static String defaultMfaMethod(String method, Member.Builder b) {
        if (!MFA_METHODS.contains(method)) {
            throw new ApiException(ErrorType.INVALID_MFA_DEFAULT_METHOD, "default_mfa_method must be sms_otp or totp.");
        }
        boolean has = method.equals("sms_otp") ? !b.mfaPhoneNumber.isEmpty() : !b.totpRegistrationId.isEmpty();
        if (!has) {
            throw new ApiException(
                    ErrorType.DEFAULT_MFA_MEMBER_MISSING_FACTOR,
                    "The member has no " + method + " factor to make the default.");
        }
        return method;
    }

    /**
     * The explicit roles to store: each must be a role of the policy that applies in {@code org} (the project's and
     * the organization's custom roles), else {@code invalid_role}. {@code stytch_member} is accepted and dropped,
     * since every member holds it anyway (docs/compatibility.md, "RBAC policy and roles"), so
     * {@code ["stytch_member"]} on update clears the explicit roles.
     */
    private List<String> roles(Handle h, Project project, Organization org, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of();
        }
        Set<String> known = roleCatalog.roleIds(h, project, org);
        List<String> out = new ArrayList<>();
        for (String r : requested) {
            if (r == null || !known.contains(r)) {
                throw new ApiException(ErrorType.INVALID_ROLE, "Role " + r + " does not exist in this project.");
            }
            if (!Member.ROLE_MEMBER.equals(r) && !out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private static void write(Runnable write, String email, String externalId) {
        try {
            write.run();
        } catch (RuntimeException e) {
            String index = UniqueViolation.index(e).orElseThrow(() -> e);
            throw index.equals("members_external_id") ? duplicateExternalId(externalId) : duplicateEmail(email);
        }
    }

    private static ApiException duplicateEmail(String email) {
        return new ApiException(
                ErrorType.DUPLICATE_MEMBER_EMAIL,
                "A member with email " + email + " already exists in this organization.");
    }

    private static ApiException duplicateExternalId(String externalId) {
        return new ApiException(
                ErrorType.DUPLICATE_MEMBER_EXTERNAL_ID,
                "external_id " + externalId + " is already used in this organization.");
    }

    static ApiException notFound(String key) {
        return new ApiException(ErrorType.MEMBER_NOT_FOUND, "Member " + key + " was not found.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
