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
import dev.latchkey.organization.OAuthTenantPolicy;
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
    private final ProviderTenants.Lookup tenants;
    private final Clock clock;

    /** {@code tenants} finds the provider tenants an OAuth discovery intermediate session proved. */
    public DiscoveryService(
            Database db,
            IntermediateSessionService intermediate,
            SessionService sessions,
            OrganizationService organizations,
            MemberService members,
            PrimaryAuth primary,
            ProviderTenants.Lookup tenants,
            Clock clock) {
        this.db = db;
        this.intermediate = intermediate;
        this.sessions = sessions;
        this.organizations = organizations;
        this.members = members;
        this.primary = primary;
        this.tenants = tenants;
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
        return start(h, project, email, factors, ProviderTenants.NONE);
    }

    /**
     * Starts discovery for an OAuth login (SSO_OAUTH.md §2.3): as above, and organizations whose OAuth tenant JIT allows
     * one of {@code proven}'s tenants are listed as {@code eligible_to_join_by_oauth_tenant}. When the provider did not
     * verify the email, no organization is offered by email domain, and entering any needs an email factor first. The
     * caller keeps the tenants for {@link #exchange} ({@link ProviderTenants.Lookup}).
     */
    public DiscoveryResult start(
            Handle h, Project project, String email, List<AuthenticationFactor> factors, ProviderTenants proven) {
        IssuedIntermediateSession ist = intermediate.issue(h, project, null, null, email, factors);
        List<DiscoveredOrganization> found = new ArrayList<>(discover(h, project, email, factors, true));
        Set<String> seen = new HashSet<>();
        found.forEach(d -> seen.add(d.organization().id()));
        for (Organization org :
                organizations.joinableByOAuthTenant(h, project, proven.provider(), proven.tenantIds())) {
            var tenant = OAuthTenantPolicy.allowedTenant(org, proven.provider(), proven.tenantIds());
            if (tenant.isPresent() && seen.add(org.id())) {
                DiscoveredOrganization d =
                        described(org, "eligible_to_join_by_oauth_tenant", null, null, forMember(factors, null));
                found.add(new DiscoveredOrganization(
                        org,
                        d.membershipType(),
                        null,
                        null,
                        d.memberAuthenticated(),
                        d.primaryRequired(),
                        d.mfaRequired(),
                        new ProviderTenants(proven.provider(), List.of(tenant.get()))));
            }
        }
        return new DiscoveryResult(ist, email, found);
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
            boolean unverified = unverifiedOAuthOnly(s.factors());
            if (member == null) {
                if (!joinsByOAuthTenant(h, project, org, s)) {
                    if (unverified) {
                        throw new ApiException(
                                ErrorType.OAUTH_UNVERIFIED_EMAIL,
                                "The OAuth provider did not verify this email, so it cannot join by its domain.");
                    }
                    EmailPolicy.requireJit(org, EmailAddresses.domain(s.email()));
                }
                member = members.create(
                        h,
                        project,
                        org,
                        new NewMember(s.email(), null, null, null, unverified, false, null, false, List.of(), null));
            }
            if (!unverified) {
                member = members.verifyEmail(h, member);
            }
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

    /** Whether the session proved a provider tenant the organization lets join (SSO_OAUTH.md §2.4). */
    private boolean joinsByOAuthTenant(Handle h, Project project, Organization org, IntermediateSession s) {
        return tenants.of(h, project.id(), s.id())
                .flatMap(t -> OAuthTenantPolicy.allowedTenant(org, t.provider(), t.tenantIds()))
                .isPresent();
    }

    /**
     * True when the only thing behind the address is an OAuth login whose provider did not verify it (SSO_OAUTH.md
     * §2.2): the address then proves nothing, so it neither joins by domain nor counts as verified.
     */
    private static boolean unverifiedOAuthOnly(List<AuthenticationFactor> factors) {
        return factors.stream().noneMatch(AuthenticationFactor::isTransferable)
                && factors.stream().anyMatch(f -> f.type().equals("oauth"));
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
        if (withEligible && !unverifiedOAuthOnly(factors)) {
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
        // SSO_OAUTH.md §2.2: an OAuth intermediate session may go to discovery, verified email or not.
        boolean oauth = s.factors().stream().anyMatch(f -> f.type().equals("oauth"));
        if (!discoveryPassword && !oauth && s.factors().stream().noneMatch(AuthenticationFactor::isTransferable)) {
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
                .filter(f -> f.isTransferable() || f.type().equals("oauth"))
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
