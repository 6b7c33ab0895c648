package dev.latchkey.discovery;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.NewMember;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.MfaDecision;
import dev.latchkey.mfa.MfaRequired;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.mfa.PrimaryRequired;
import dev.latchkey.organization.CommonEmailDomains;
import dev.latchkey.organization.EmailPolicy;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationChanges;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.IntermediateSession;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.IssuedIntermediateSession;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionRef;
import dev.latchkey.session.SessionService;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Discovery (SPEC §4.7): one verified email address finds the organizations it belongs to or may join, enters
 * one of them (accepting an invite or joining by domain), or creates a new one. Only email-verifying factors
 * (magic link, email OTP) may move between organizations (SPEC §3.2).
 */
public final class DiscoveryService {
    private final Database db;
    private final IntermediateSessionService intermediate;
    private final SessionService sessions;
    private final OrganizationService organizations;
    private final MemberService members;
    private final PrimaryAuth primary;
    private final Clock clock;

    public DiscoveryService(
            Database db,
            IntermediateSessionService intermediate,
            SessionService sessions,
            OrganizationService organizations,
            MemberService members,
            PrimaryAuth primary,
            Clock clock) {
        this.db = db;
        this.intermediate = intermediate;
        this.sessions = sessions;
        this.organizations = organizations;
        this.members = members;
        this.primary = primary;
        this.clock = clock;
    }

    /** Starts discovery for an address just verified by {@code factor}: an email-bound intermediate session. */
    public DiscoveryResult start(Handle h, Project project, String email, AuthenticationFactor factor) {
        return start(h, project, email, List.of(factor));
    }

    /**
     * Starts discovery with several factors: an email factor, or (passwords/discovery/authenticate) one password
     * factor for each member whose password matched, each naming that member's email id.
     */
    public DiscoveryResult start(Handle h, Project project, String email, List<AuthenticationFactor> factors) {
        IssuedIntermediateSession ist = intermediate.issue(h, project, null, null, email, factors);
        return new DiscoveryResult(ist, email, discover(h, project, email, factors, true));
    }

    /** {@code discovery/organizations}: never consumes the token. */
    public Listed list(Project project, String istToken, SessionCredentials creds) {
        boolean hasIst = istToken != null && !istToken.isEmpty();
        if (hasIst == !creds.isEmpty() || creds.isBoth()) {
            throw new ApiException(
                    hasIst || !creds.isEmpty() ? ErrorType.TOO_MANY_SESSION_ARGUMENTS : ErrorType.NO_SESSION_ARGUMENTS,
                    "Give exactly one of intermediate_session_token, session_token and session_jwt.");
        }
        return db.withHandle(h -> {
            if (hasIst) {
                IntermediateSession s = portable(intermediate.require(h, project, istToken));
                return new Listed(s.email(), discover(h, project, s.email(), s.factors(), true), s.organizationId());
            }
            SessionRef ref = sessions.require(h, project, creds);
            Member member =
                    members.requireAnyOrganization(h, project, ref.session().memberId());
            return new Listed(
                    member.email(),
                    discover(h, project, member.email(), ref.session().factors(), false),
                    null);
        });
    }

    /** The organizations of an address, and the hint of an organization-bound intermediate session. */
    public record Listed(String email, List<DiscoveredOrganization> organizations, String organizationIdHint) {}

    /**
     * {@code discovery/intermediate_sessions/exchange}: enters an organization with the intermediate session's
     * email factors — accepting an invite, or joining by domain — then applies the organization's requirements.
     * Raises {@code intermediate_session_not_found}, {@code insufficient_factors},
     * {@code email_jit_provisioning_not_allowed}, {@code invalid_email_for_jit_provisioning}.
     */
    public AuthOutcome exchange(Project project, String istToken, String orgKey, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            IntermediateSession s = portable(intermediate.require(h, project, istToken));
            Organization org = organizations.require(h, project, orgKey);
            if (s.organizationId() != null && !s.organizationId().equals(org.id())) {
                throw new ApiException(
                        ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                        "The intermediate session belongs to another organization.");
            }
            Member member = members.findByEmail(h, project, org, s.email());
            if (member == null) {
                EmailPolicy.requireJit(org, EmailAddresses.domain(s.email()));
                member = members.create(
                        h,
                        project,
                        org,
                        new NewMember(s.email(), null, null, null, false, false, null, false, List.of(), null));
            }
            member = members.verifyEmail(h, member);
            return primary.decide(h, project, org, member, forMember(s.factors(), member), s, withIst(ctx, istToken));
        });
    }

    /**
     * {@code discovery/organizations/create}: a new organization with the address as its first member
     * ({@code stytch_admin}); {@code mfa_policy: REQUIRED_FOR_ALL} means MFA before a session.
     */
    public AuthOutcome create(Project project, String istToken, OrganizationChanges changes, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            IntermediateSession s = portable(intermediate.require(h, project, istToken));
            if (s.organizationId() != null) {
                throw new ApiException(
                        ErrorType.INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION,
                        "Only a discovery intermediate session can create an organization.");
            }
            OrganizationChanges named = changes.name() == null || changes.name().isBlank()
                    ? withName(changes, nameFor(s.email()))
                    : changes;
            Organization org = organizations.create(h, project, named);
            Member member = members.create(
                    h,
                    project,
                    org,
                    new NewMember(
                            s.email(), null, null, null, false, false, null, false, List.of(Member.ROLE_ADMIN), null));
            member = members.verifyEmail(h, member);
            return primary.decide(h, project, org, member, forMember(s.factors(), member), s, withIst(ctx, istToken));
        });
    }

    private List<DiscoveredOrganization> discover(
            Handle h, Project project, String email, List<AuthenticationFactor> factors, boolean withEligible) {
        List<DiscoveredOrganization> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Member m : members.findAllByEmail(h, project, email)) {
            Organization org = organizations.require(h, project, m.organizationId());
            seen.add(org.id());
            String type =
                    switch (m.status()) {
                        case Member.PENDING -> "pending_member";
                        case Member.INVITED -> "invited_member";
                        default -> "active_member";
                    };
            out.add(described(org, type, null, m, forMember(factors, m)));
        }
        if (withEligible) {
            String domain = EmailAddresses.domain(email);
            for (Organization org : organizations.joinableByDomain(h, project, domain)) {
                if (seen.add(org.id())) {
                    out.add(described(org, "eligible_to_join_by_email_domain", domain, null, forMember(factors, null)));
                }
            }
        }
        return out;
    }

    /** What entering the organization with these factors would still need (a new member is not enrolled). */
    private DiscoveredOrganization described(
            Organization org, String type, String domain, Member member, List<AuthenticationFactor> factors) {
        boolean enrolled = member != null && member.mfaEnrolled();
        boolean breakglass = member != null && member.breakglass();
        MfaDecision d = MfaDecision.of(org.settings(), enrolled, breakglass, factors);
        return new DiscoveredOrganization(
                org,
                type,
                domain,
                member,
                d.satisfied(),
                d.primaryRequired() == null ? null : new PrimaryRequired(d.primaryRequired()),
                d.mfaRequired() && d.primaryRequired() == null
                        ? new MfaRequired(member == null ? null : MfaRequired.optionsOf(member), null)
                        : null);
    }

    /**
     * Only intermediate sessions holding an email-verifying factor, or discovery sessions started by
     * passwords/discovery/authenticate, take part in discovery; an organization's password login does not.
     */
    private static IntermediateSession portable(IntermediateSession s) {
        boolean discoveryPassword = s.organizationId() == null
                && s.factors().stream().anyMatch(f -> f.type().equals("password"));
        if (!discoveryPassword && s.factors().stream().noneMatch(AuthenticationFactor::isTransferable)) {
            throw new ApiException(
                    ErrorType.INSUFFICIENT_FACTORS,
                    "This intermediate session has no email-verifying factor (a password is bound to its organization).");
        }
        return s;
    }

    /**
     * The factors that count in the member's organization: the email factors, renamed to the member's email id,
     * and a password factor only if it was this member's password that matched ({@code member} null: a member yet
     * to be provisioned, for whom only email factors count).
     */
    private static List<AuthenticationFactor> forMember(List<AuthenticationFactor> factors, Member member) {
        List<AuthenticationFactor> passwords = member == null
                ? List.of()
                : factors.stream()
                        .filter(f -> f.type().equals("password")
                                && f.emailFactor() != null
                                && f.emailFactor().emailId().equals(member.emailId()))
                        .toList();
        List<AuthenticationFactor> emails = factors.stream()
                .filter(AuthenticationFactor::isTransferable)
                .map(f -> member == null ? f : f.forEmail(member.emailId(), member.email()))
                .toList();
        List<AuthenticationFactor> all = new ArrayList<>(emails);
        all.addAll(passwords);
        return all;
    }

    private static PrimaryContext withIst(PrimaryContext ctx, String istToken) {
        return new PrimaryContext(SessionCredentials.NONE, istToken, ctx.options(), ctx.locale());
    }

    /** SPEC §4.7: the name part for common providers, else the domain. */
    static String nameFor(String email) {
        String domain = EmailAddresses.domain(email);
        if (CommonEmailDomains.isCommon(domain) || domain.endsWith(".edu")) {
            return email.substring(0, email.indexOf('@'));
        }
        return domain.toLowerCase(Locale.ROOT);
    }

    private static OrganizationChanges withName(OrganizationChanges c, String name) {
        return new OrganizationChanges(
                name,
                c.slug(),
                c.logoUrl(),
                c.trustedMetadata(),
                c.externalId(),
                c.ssoDefaultConnectionId(),
                c.ssoJitProvisioning(),
                c.ssoJitProvisioningAllowedConnections(),
                c.emailAllowedDomains(),
                c.emailJitProvisioning(),
                c.emailInvites(),
                c.authMethods(),
                c.allowedAuthMethods(),
                c.mfaPolicy(),
                c.mfaMethods(),
                c.allowedMfaMethods(),
                c.rbacEmailImplicitRoleAssignments(),
                c.oauthTenantJitProvisioning(),
                c.allowedOauthTenants(),
                c.claimedEmailDomains(),
                c.firstPartyConnectedAppsAllowedType(),
                c.allowedFirstPartyConnectedApps(),
                c.thirdPartyConnectedAppsAllowedType(),
                c.allowedThirdPartyConnectedApps());
    }
}
