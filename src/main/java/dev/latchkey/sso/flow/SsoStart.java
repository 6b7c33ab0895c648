package dev.latchkey.sso.flow;

import dev.latchkey.crypto.Digests;
import dev.latchkey.crypto.Pkce;
import dev.latchkey.crypto.SecretBox;
import dev.latchkey.crypto.Tokens;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.project.ProjectService;
import dev.latchkey.sso.OidcConnection;
import dev.latchkey.sso.SamlConnection;
import dev.latchkey.sso.SsoConnections;
import dev.latchkey.sso.saml.SamlAuthnRequest;
import dev.latchkey.sso.saml.SamlServiceProvider;
import dev.latchkey.store.Database;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * {@code GET /v1/public/sso/start} (SSO_OAUTH.md §1.3 steps 1–2): checks the public token, the connection (active, of
 * the organization asked for), the app's redirect URLs and PKCE challenge, remembers the login under a fresh random
 * state, and answers where to send the browser: a signed SAML AuthnRequest (HTTP-Redirect binding) carrying the state
 * as RelayState, or an OIDC authorization request with state, nonce and PKCE toward the IdP.
 */
public final class SsoStart {
    private final Database db;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final SsoConnections connections;
    private final SsoRedirects redirects;
    private final SsoRequestStore requests;
    private final SamlServiceProvider saml;
    private final OidcClient oidc;
    private final SecretBox box;
    private final Clock clock;

    SsoStart(
            Database db,
            ProjectService projects,
            OrganizationService organizations,
            SsoConnections connections,
            SsoRedirects redirects,
            SsoRequestStore requests,
            SamlServiceProvider saml,
            OidcClient oidc,
            SecretBox box,
            Clock clock) {
        this.db = db;
        this.projects = projects;
        this.organizations = organizations;
        this.connections = connections;
        this.redirects = redirects;
        this.requests = requests;
        this.saml = saml;
        this.oidc = oidc;
        this.box = box;
        this.clock = clock;
    }

    /** Where the browser goes next, and the project it was for (for the response's request id). */
    public record Started(Project project, URI idpUrl) {}

    /**
     * Raises {@code unauthorized_credentials} (public token), {@code missing_sso_connection_locator},
     * {@code too_many_sso_connection_locators}, {@code organization_not_found},
     * {@code no_sso_connection_exists_for_organization}, {@code sso_connection_not_found},
     * {@code requires_active_sso_connection}, the redirect URL errors and {@code invalid_pkce_code_challenge}.
     */
    public Started start(StartRequest r) {
        Project project = projects.findByPublicToken(r.publicToken() == null ? "" : r.publicToken())
                .orElseThrow(() ->
                        new ApiException(ErrorType.UNAUTHORIZED_CREDENTIALS, "public_token does not match a project."));
        boolean byConnection = r.connectionId() != null && !r.connectionId().isEmpty();
        boolean byOrganization =
                r.organizationId() != null && !r.organizationId().isEmpty();
        if (byConnection == byOrganization) {
            throw new ApiException(
                    byConnection
                            ? ErrorType.TOO_MANY_SSO_CONNECTION_LOCATORS
                            : ErrorType.MISSING_SSO_CONNECTION_LOCATOR,
                    "Give exactly one of connection_id and organization_id.");
        }
        String challenge = Pkce.challenge(r.pkceCodeChallenge());
        Map<String, String> providerParams = SsoConnectionRules.providerParams(r.providerParams());
        URI url = db.inTransaction(h -> {
            String connectionId = byOrganization ? defaultConnection(h, project, r.organizationId()) : r.connectionId();
            SsoConnectionRules.Target target = SsoConnectionRules.target(h, connections, project, connectionId);
            SsoRedirects.Pair urls = redirects.resolve(h, project, r.loginRedirectUrl(), r.signupRedirectUrl());
            String state = Tokens.token();
            String id = project.newId("sso-request");
            Instant now = now();
            requests.sweep(h, project.id(), now);
            if (target.connection() instanceof SamlConnection s) {
                SamlAuthnRequest authn = saml.authnRequest(SsoConnectionRules.settings(s), state, now);
                SsoRequest started = request(id, project, target, challenge, urls, authn.requestId(), null, null);
                requests.insert(h, started, digest(state), now);
                return authn.redirectUrl();
            }
            OidcConnection o = (OidcConnection) target.connection();
            String nonce = Tokens.token();
            String verifier = Tokens.randomBase64Url(32); // RFC 7636 §4.1: 43 characters of 256 random bits
            byte[] sealed = box.seal(
                    verifier.getBytes(StandardCharsets.US_ASCII), SsoConnectionRules.verifierData(project, id));
            requests.insert(h, request(id, project, target, challenge, urls, null, nonce, sealed), digest(state), now);
            return oidc.authorizationUrl(
                    SsoConnectionRules.endpoints(o),
                    o.clientId(),
                    o.redirectUrl(),
                    o.customScopes() == null || o.customScopes().isBlank()
                            ? OidcConnection.DEFAULT_SCOPES
                            : o.customScopes(),
                    state,
                    nonce,
                    Pkce.s256(verifier),
                    providerParams);
        });
        return new Started(project, url);
    }

    /** The organization's default connection; {@code no_sso_connection_exists_for_organization} without one. */
    private String defaultConnection(Handle h, Project project, String organizationKey) {
        Organization org = organizations.require(h, project, organizationKey);
        String id = org.settings().ssoDefaultConnectionId();
        if (id == null || id.isEmpty()) {
            throw new ApiException(
                    ErrorType.NO_SSO_CONNECTION_EXISTS_FOR_ORGANIZATION,
                    "The organization has no default SSO connection; pass connection_id.");
        }
        return id;
    }

    private SsoRequest request(
            String id,
            Project project,
            SsoConnectionRules.Target target,
            String challenge,
            SsoRedirects.Pair urls,
            String samlRequestId,
            String nonce,
            byte[] sealedVerifier) {
        return new SsoRequest(
                id,
                project.id(),
                target.organizationId(),
                target.connection().connectionId(),
                target.memberConnectionId(),
                challenge,
                urls.login(),
                urls.signup(),
                samlRequestId,
                nonce,
                sealedVerifier,
                now().plus(SsoLimits.REQUEST_LIFETIME));
    }

    static String digest(String state) {
        return Digests.sha256Hex(state);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
