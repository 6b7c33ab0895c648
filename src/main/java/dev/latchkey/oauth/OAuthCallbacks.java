package dev.latchkey.oauth;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.delivery.Links;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.NewMember;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.oidc.OidcException;
import dev.latchkey.oidc.OidcTokens;
import dev.latchkey.organization.EmailPolicy;
import dev.latchkey.organization.OAuthTenantPolicy;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * {@code GET /v1/b2b/oauth/callback/{callback_id}}: the provider's redirect back. The state is used up first (in its
 * own transaction, so it is single use even when what follows fails); then the code is exchanged with the PKCE
 * verifier, the ID token verified (or the user API read), the member found or provisioned (§2.2, §2.4), the
 * provider's tokens stored sealed, and a single-use oauth token (10 minutes) handed to the application's redirect URL.
 * Nothing but the state is written when any check fails.
 */
public final class OAuthCallbacks {
    /** How long the application has to redeem the token it is redirected with (docs/security.md). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final Database db;
    private final OAuthProviders providers;
    private final OAuthStateStore states;
    private final OAuthTokenStore tokens;
    private final OAuthRegistrations registrations;
    private final OAuthSeals seals;
    private final OidcClient oidc;
    private final ProviderIdentities identities;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final MemberService members;
    private final Clock clock;

    public OAuthCallbacks(
            Database db,
            OAuthProviders providers,
            OAuthStateStore states,
            OAuthTokenStore tokens,
            OAuthRegistrations registrations,
            SecretBox box,
            OidcClient oidc,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            Clock clock) {
        this.db = db;
        this.providers = providers;
        this.states = states;
        this.tokens = tokens;
        this.registrations = registrations;
        this.seals = new OAuthSeals(box);
        this.oidc = oidc;
        this.identities = new ProviderIdentities(oidc);
        this.projects = projects;
        this.organizations = organizations;
        this.members = members;
        this.clock = clock;
    }

    /**
     * The URL to redirect the browser to, with {@code stytch_token_type=oauth} (or {@code discovery_oauth}) and the
     * token. Raises {@code oauth_config_not_found}, {@code oauth_invalid_callback_request},
     * {@code oauth_invalid_state}, {@code oauth_state_used}, {@code oauth_state_mismatch}, {@code oauth_auth_code_error},
     * {@code oauth_token_exchange_invalid_client}, {@code oauth_flow_callback_error}, and the JIT refusals.
     */
    public String callback(String callbackId, Map<String, String> query) {
        OAuthProviderConfig config = db.withHandle(h -> providers.byCallback(h, callbackId))
                .orElseThrow(() -> new ApiException(ErrorType.OAUTH_CONFIG_NOT_FOUND, "Unknown OAuth callback."));
        Project project = projects.find(config.projectId())
                .orElseThrow(() -> new ApiException(ErrorType.OAUTH_CONFIG_NOT_FOUND, "Unknown OAuth callback."));
        String state = query.get("state");
        if (state == null || state.isEmpty()) {
            throw new ApiException(ErrorType.OAUTH_INVALID_CALLBACK_REQUEST, "The callback carries no state.");
        }
        String digest = Digests.sha256Hex(state);
        OAuthState s = consume(digest, callbackId);
        if (query.get("error") != null) {
            throw new ApiException(
                    ErrorType.OAUTH_AUTH_CODE_ERROR, "The provider refused the login: " + query.get("error") + ".");
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            throw new ApiException(ErrorType.OAUTH_INVALID_CALLBACK_REQUEST, "The callback carries no code.");
        }
        OidcEndpoints endpoints = providers.endpoints(config);
        String iss = query.get("iss");
        // RFC 9207 §2.4: a response naming another issuer is a mix-up attack (templated issuers are checked on the
        // ID token instead).
        if (iss != null
                && endpoints.issuer() != null
                && !endpoints.issuer().contains("{")
                && !iss.equals(endpoints.issuer())) {
            throw new ApiException(ErrorType.OAUTH_INVALID_CALLBACK_REQUEST, "The callback names another issuer.");
        }
        OidcTokens provided = exchange(config, endpoints, code, s.providerVerifier());
        OAuthIdentity identity = identities.identify(config, endpoints, provided, s.nonce());
        return db.inTransaction(h -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            String token = Tokens.token();
            if (s.discovery()) {
                tokens.insert(h, Digests.sha256Hex(token), tokenFor(s, identity, null, null, now), now);
                return Links.withToken(s.discoveryRedirectUrl(), "discovery_oauth", token);
            }
            Organization org = organizations.require(h, project, s.organizationId());
            Member member = members.findByEmail(h, project, org, identity.email());
            boolean created = member == null;
            if (created) {
                member = provision(h, project, org, identity);
            }
            String registrationId = registrations.record(h, project, member, identity, now);
            tokens.insert(h, Digests.sha256Hex(token), tokenFor(s, identity, member, registrationId, now), now);
            return Links.withToken(created ? s.signupRedirectUrl() : s.loginRedirectUrl(), "oauth", token);
        });
    }

    private OAuthState consume(String digest, String callbackId) {
        return db.inTransaction(h -> {
            Instant now = clock.instant();
            var row = states.consume(h, digest, callbackId, now);
            if (row.isEmpty()) {
                var known = states.find(h, digest);
                if (known.isEmpty() || !known.get().state().expiresAt().isAfter(now)) {
                    throw new ApiException(ErrorType.OAUTH_INVALID_STATE, "The state is unknown or expired.");
                }
                if (!known.get().state().callbackId().equals(callbackId)) {
                    throw new ApiException(
                            ErrorType.OAUTH_STATE_MISMATCH, "The state was issued for another provider.");
                }
                throw new ApiException(ErrorType.OAUTH_STATE_USED, "The state was already used.");
            }
            OAuthState s = row.get().state();
            String verifier =
                    seals.open(s.projectId(), "state:" + digest, row.get().sealedVerifier());
            return new OAuthState(
                    s.projectId(),
                    s.provider(),
                    s.callbackId(),
                    s.organizationId(),
                    s.discovery(),
                    s.nonce(),
                    verifier,
                    s.codeChallenge(),
                    s.loginRedirectUrl(),
                    s.signupRedirectUrl(),
                    s.discoveryRedirectUrl(),
                    s.scopes(),
                    s.expiresAt(),
                    s.consumedAt());
        });
    }

    private OidcTokens exchange(OAuthProviderConfig config, OidcEndpoints e, String code, String verifier) {
        try {
            return oidc.exchangeCode(
                    e, config.clientId(), config.clientSecret(), providers.callbackUrl(config), code, verifier);
        } catch (OidcException ex) {
            throw new ApiException(
                    ex.failure() == OidcException.Failure.INVALID_CLIENT
                            ? ErrorType.OAUTH_TOKEN_EXCHANGE_INVALID_CLIENT
                            : ErrorType.OAUTH_AUTH_CODE_ERROR,
                    "The provider did not redeem the code: " + ex.getMessage());
        }
    }

    /**
     * A new member for an identity the organization does not know (§2.2, §2.4): by email JIT, for a verified email at
     * an allowed domain; else by tenant JIT, when the organization lists one of the user's provider tenants.
     */
    private Member provision(Handle h, Project project, Organization org, OAuthIdentity identity) {
        String domain = EmailAddresses.domain(identity.email());
        boolean byDomain = EmailPolicy.mayJoinByDomain(org, domain);
        if (byDomain && !identity.emailVerified()) {
            throw new ApiException(
                    ErrorType.OAUTH_UNVERIFIED_EMAIL,
                    identity.provider().wireName() + " did not verify " + identity.email()
                            + ", so it cannot join this organization by its domain.");
        }
        if (!byDomain) {
            String provider = identity.provider().wireName();
            if (OAuthTenantPolicy.isRestricted(org)) {
                if (OAuthTenantPolicy.allowedTenant(org, provider, identity.tenantIds())
                        .isEmpty()) {
                    throw new ApiException(
                            ErrorType.INVALID_OAUTH_TENANT_FOR_JIT_PROVISIONING,
                            "The user's " + provider + " tenant may not join this organization.");
                }
            } else {
                EmailPolicy.requireJit(org, domain);
            }
        }
        return members.create(
                h,
                project,
                org,
                new NewMember(
                        identity.email(), identity.fullName(), null, null, true, false, null, false, List.of(), null));
    }

    private OAuthToken tokenFor(
            OAuthState s, OAuthIdentity identity, Member member, String registrationId, Instant now) {
        return new OAuthToken(
                s.projectId(),
                s.provider(),
                s.discovery(),
                s.organizationId(),
                member == null ? null : member.id(),
                registrationId,
                identity.email(),
                identity.emailVerified(),
                identity.fullName() == null ? "" : identity.fullName(),
                identity.subject(),
                identity.tenantIds(),
                s.codeChallenge(),
                now.plus(TOKEN_LIFETIME),
                null);
    }
}
