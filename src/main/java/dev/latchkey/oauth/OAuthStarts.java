package dev.latchkey.oauth;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.project.RedirectKind;
import dev.latchkey.project.RedirectUrls;
import dev.latchkey.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/b2b/public/oauth/{provider}/start} and {@code .../discovery/start} (SSO_OAUTH.md §2.1): checks the
 * organization and the redirect URLs before anything leaves the server, then keeps a single-use state (10 minutes)
 * with a nonce and a PKCE verifier toward the provider, and answers the provider's authorization URL.
 */
public final class OAuthStarts {
    /** How long a user has at the provider before the callback must come back (docs/security.md). */
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

    private final Database db;
    private final OAuthProviders providers;
    private final OAuthStateStore states;
    private final OAuthSeals seals;
    private final OidcClient oidc;
    private final OrganizationService organizations;
    private final RedirectUrls redirects;
    private final Clock clock;

    public OAuthStarts(
            Database db,
            OAuthProviders providers,
            OAuthStateStore states,
            SecretBox box,
            OidcClient oidc,
            OrganizationService organizations,
            RedirectUrls redirects,
            Clock clock) {
        this.db = db;
        this.providers = providers;
        this.states = states;
        this.seals = new OAuthSeals(box);
        this.oidc = oidc;
        this.organizations = organizations;
        this.redirects = redirects;
        this.clock = clock;
    }

    /**
     * The provider URL to send the browser to. Raises {@code missing_oauth_organization_locator},
     * {@code too_many_oauth_organization_locators}, {@code organization_not_found}, {@code oauth_config_not_found},
     * the redirect URL errors of the kinds involved, {@code invalid_pkce_code_challenge} and
     * {@code oauth_creating_redirect_url_error} (the provider's discovery failed).
     */
    public URI start(Project project, OAuthStartRequest r) {
        boolean hasId = r.organizationId() != null && !r.organizationId().isEmpty();
        boolean hasSlug = r.slug() != null && !r.slug().isEmpty();
        if (!r.discovery() && !hasId && !hasSlug) {
            throw new ApiException(ErrorType.MISSING_OAUTH_ORGANIZATION_LOCATOR, "Give organization_id or slug.");
        }
        if (!r.discovery() && hasId && hasSlug) {
            throw new ApiException(
                    ErrorType.TOO_MANY_OAUTH_ORGANIZATION_LOCATORS, "Give organization_id or slug, not both.");
        }
        String challenge = Pkce.challenge(r.codeChallenge());
        return db.inTransaction(h -> {
            OAuthProviderConfig config = providers.require(h, project, r.provider());
            Organization org =
                    r.discovery() ? null : organizations.require(h, project, hasId ? r.organizationId() : r.slug());
            String login =
                    r.discovery() ? null : redirects.resolve(h, project, RedirectKind.LOGIN, r.loginRedirectUrl());
            String signup =
                    r.discovery() ? null : redirects.resolve(h, project, RedirectKind.SIGNUP, r.signupRedirectUrl());
            String discovery = r.discovery()
                    ? redirects.resolve(h, project, RedirectKind.DISCOVERY, r.discoveryRedirectUrl())
                    : null;
            OidcEndpoints endpoints = providers.endpoints(config);
            String scopes = scopes(r.provider(), r.customScopes());
            String state = Tokens.token();
            String nonce = Tokens.token();
            String verifier = Tokens.randomBase64Url(48);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            String digest = Digests.sha256Hex(state);
            var row = new OAuthState(
                    project.id(),
                    r.provider(),
                    config.callbackId(),
                    org == null ? null : org.id(),
                    r.discovery(),
                    nonce,
                    null,
                    challenge,
                    login,
                    signup,
                    discovery,
                    scopes,
                    now.plus(STATE_LIFETIME),
                    null);
            states.deleteEnded(h, now.minus(Duration.ofDays(1)));
            states.insert(h, digest, row, seals.seal(project.id(), "state:" + digest, verifier), now);
            return oidc.authorizationUrl(
                    endpoints,
                    config.clientId(),
                    providers.callbackUrl(config),
                    scopes,
                    state,
                    endpoints.issuer() == null ? null : nonce,
                    Pkce.s256(verifier),
                    r.providerParams());
        });
    }

    /** The provider's default scopes plus the application's {@code custom_scopes}, each once. */
    static String scopes(OAuthProvider provider, String custom) {
        Set<String> all = new LinkedHashSet<>(List.of(provider.defaultScopes().split(" ")));
        if (custom != null && !custom.isBlank()) {
            all.addAll(List.of(custom.trim().split("[ ,]+")));
        }
        return String.join(" ", all);
    }
}
