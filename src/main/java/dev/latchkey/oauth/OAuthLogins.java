package dev.latchkey.oauth;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.discovery.DiscoveryResult;
import dev.latchkey.discovery.DiscoveryService;
import dev.latchkey.discovery.ProviderTenants;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.mfa.AuthOutcome;
import dev.latchkey.mfa.PrimaryAuth;
import dev.latchkey.mfa.PrimaryContext;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Redeeming the tokens the callback handed out (SSO_OAUTH.md §2.2, §2.3) and reading a member's provider tokens
 * later. An oauth token is a primary factor like any other: it goes through {@link PrimaryAuth#complete}, so the
 * organization's MFA policy and allowed auth methods apply; an email the provider did not verify leaves the member
 * with {@code primary_required}.
 */
public final class OAuthLogins {
    private final Database db;
    private final OAuthTokenStore tokens;
    private final OAuthRegistrations registrations;
    private final OrganizationService organizations;
    private final MemberService members;
    private final PrimaryAuth primary;
    private final DiscoveryService discovery;
    private final OAuthDiscoveryTenants discoveryTenants;
    private final Clock clock;

    public OAuthLogins(
            Database db,
            OAuthTokenStore tokens,
            OAuthRegistrations registrations,
            OrganizationService organizations,
            MemberService members,
            PrimaryAuth primary,
            DiscoveryService discovery,
            OAuthDiscoveryTenants discoveryTenants,
            Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.registrations = registrations;
        this.organizations = organizations;
        this.members = members;
        this.primary = primary;
        this.discovery = discovery;
        this.discoveryTenants = discoveryTenants;
        this.clock = clock;
    }

    /** What {@code oauth/authenticate} answers besides the AUTH_MFA fields. */
    public record Authenticated(
            AuthOutcome outcome, OAuthProvider provider, String providerSubject, ProviderValues providerValues) {}

    /** The provider's tokens as {@code provider_values} shows them. */
    public record ProviderValues(
            List<String> scopes, String accessToken, String refreshToken, Instant expiresAt, String idToken) {}

    /** What {@code oauth/discovery/authenticate} answers. */
    public record Discovered(DiscoveryResult result, OAuthProvider provider, String fullName, List<String> tenantIds) {}

    /**
     * {@code oauth/authenticate}: redeems an oauth token (single use, PKCE-bound when started with a challenge). A
     * verified email activates a pending or invited member. Raises {@code oauth_token_not_found} (unknown, used,
     * expired, or the member was deleted since), the PKCE errors (which leave the token usable), and those of
     * {@link PrimaryAuth#complete}.
     */
    public Authenticated authenticate(Project project, String token, String codeVerifier, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            OAuthToken t = redeem(h, project, token, false, codeVerifier);
            Organization org;
            Member member;
            try {
                org = organizations.require(h, project, t.organizationId());
                member = members.requireIn(h, project, org, t.memberId());
            } catch (ApiException gone) {
                throw notFound();
            }
            if (t.emailVerified()) {
                member = members.verifyEmail(h, member);
            }
            Instant now = now();
            AuthenticationFactor factor = AuthenticationFactor.oauth(
                    t.provider().wireName(),
                    t.emailVerified(),
                    new AuthenticationFactor.OAuthFactor(t.registrationId(), t.providerSubject(), member.emailId()),
                    member.email(),
                    now);
            AuthOutcome outcome = primary.complete(h, project, org, member, factor, ctx);
            ProviderValues values = registrations
                    .find(h, project, t.registrationId())
                    .map(OAuthLogins::values)
                    .orElse(new ProviderValues(List.of(), null, null, null, null));
            return new Authenticated(outcome, t.provider(), t.providerSubject(), values);
        });
    }

    /**
     * {@code oauth/discovery/authenticate}: redeems a discovery oauth token into an intermediate session bound to the
     * email, and lists the organizations it may enter, including by the user's provider tenants. An email the provider
     * did not verify finds memberships and tenant organizations only, and entering one then needs an email factor
     * ({@code primary_required}). Raises {@code oauth_token_not_found} and the PKCE errors.
     */
    public Discovered authenticateDiscovery(Project project, String token, String codeVerifier) {
        return db.inTransaction(h -> {
            OAuthToken t = redeem(h, project, token, true, codeVerifier);
            AuthenticationFactor factor = AuthenticationFactor.oauth(
                    t.provider().wireName(),
                    t.emailVerified(),
                    new AuthenticationFactor.OAuthFactor(
                            project.newId("member-oauth-registration"), t.providerSubject(), project.newId("email")),
                    t.email(),
                    now());
            var tenants = new ProviderTenants(t.provider().wireName(), t.providerTenantIds());
            DiscoveryResult result = discovery.start(h, project, t.email(), List.of(factor), tenants);
            discoveryTenants.remember(
                    h, project.id(), result.intermediateSession().session().id(), tenants);
            return new Discovered(result, t.provider(), t.fullName(), t.providerTenantIds());
        });
    }

    /** A member's provider tokens (§2.2 oauth_providers); {@code member_oauth_token_not_found} when it has none. */
    MemberTokens providerTokens(Project project, String orgKey, String memberKey, OAuthProvider provider) {
        return db.withHandle(h -> {
            OrgMember found = members.require(h, project, orgKey, memberKey);
            List<OAuthRegistration> all =
                    registrations.all(h, project, found.member().id(), provider);
            if (all.isEmpty()) {
                throw new ApiException(
                        ErrorType.MEMBER_OAUTH_TOKEN_NOT_FOUND,
                        "The member has no " + provider.wireName() + " OAuth registration.");
            }
            return new MemberTokens(provider, all, now());
        });
    }

    /** A member's registrations with one provider, newest first, as of {@code now}. */
    record MemberTokens(OAuthProvider provider, List<OAuthRegistration> registrations, Instant now) {}

    private OAuthToken redeem(Handle h, Project project, String token, boolean discoveryToken, String codeVerifier) {
        if (token == null || token.isEmpty()) {
            throw notFound();
        }
        String digest = Digests.sha256Hex(token);
        String challenge = Pkce.challengeOfVerifier(codeVerifier);
        Instant now = now();
        Optional<OAuthToken> used = tokens.consume(h, project.id(), digest, discoveryToken, challenge, now);
        if (used.isPresent()) {
            return used.get();
        }
        Optional<OAuthToken> row = tokens.find(h, project.id(), digest);
        boolean live = row.isPresent()
                && row.get().consumedAt() == null
                && row.get().expiresAt().isAfter(now)
                && row.get().discovery() == discoveryToken;
        throw live ? Pkce.whyNot(row.get().codeChallenge(), challenge) : notFound();
    }

    private static ProviderValues values(OAuthRegistration r) {
        return new ProviderValues(r.scopes(), r.accessToken(), r.refreshToken(), r.accessTokenExpiresAt(), r.idToken());
    }

    private static ApiException notFound() {
        return new ApiException(
                ErrorType.OAUTH_TOKEN_NOT_FOUND, "The OAuth token is unknown, already used or expired.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
