package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.oidc.OidcException;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;

/**
 * Managing OIDC connections (SSO_OAUTH.md §1.2): create, and update, which discovers the issuer's endpoints when the
 * issuer changes. A connection becomes {@code active} once issuer, client id and secret, and the four endpoint URLs
 * are all set. The client secret is sealed at rest.
 */
public final class OidcConnections {
    private final Database db;
    private final OrganizationService organizations;
    private final SsoConnectionStore store;
    private final SsoConnections connections;
    private final OidcClient oidc;
    private final Clock clock;

    public OidcConnections(
            Database db,
            OrganizationService organizations,
            SsoConnectionStore store,
            SsoConnections connections,
            OidcClient oidc,
            Clock clock) {
        this.db = db;
        this.organizations = organizations;
        this.store = store;
        this.connections = connections;
        this.oidc = oidc;
        this.clock = clock;
    }

    /** An update's result: the connection, and why discovery failed ("" when it did not). */
    public record Updated(OidcConnection connection, String warning) {}

    /** A new pending connection of the organization. Raises {@code organization_not_found}, {@code invalid_sso_idp}. */
    public OidcConnection create(Project project, String organizationKey, String displayName, String identityProvider) {
        String idp = SsoRules.identityProvider(identityProvider);
        String name = SsoRules.displayName(displayName == null ? "" : displayName);
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            SsoRules.roomForOneMore(store.lockAndCount(h, project.id(), org.id()));
            String id = project.newId("oidc-connection");
            store.insert(
                    h, StoredConnection.pending(id, project.id(), org.id(), StoredConnection.OIDC, name, idp, now()));
            return reload(h, project, id);
        });
    }

    /**
     * Applies the update's fields; when {@code issuer} changes, its discovery document fills the endpoints the update
     * does not give. Raises {@code oidc_connection_not_found} (also for another organization's connection), the URL
     * format errors and {@code invalid_sso_idp}; a discovery failure is the result's warning, not an error.
     */
    public Updated update(Project project, String organizationKey, String connectionId, OidcUpdate u) {
        boolean httpsOnly = !project.isTest();
        String issuer = u.issuer() == null
                ? null
                : SsoRules.url(u.issuer(), "issuer", ErrorType.OIDC_CONNECTION_ISSUER_URL_INVALID_FORMAT, httpsOnly);
        StoredConnection before = db.withHandle(h -> locate(h, project, organizationKey, connectionId, false));
        // Fetched outside the transaction, so a slow IdP holds no row lock; the update below re-reads the row.
        Discovered found = issuer == null || issuer.isEmpty() || issuer.equals(before.issuer())
                ? Discovered.NOTHING
                : discover(issuer);
        OidcEndpoints discovered = found.endpoints();
        return db.inTransaction(h -> {
            StoredConnection row = locate(h, project, organizationKey, connectionId, true);
            ConnectionDraft d = new ConnectionDraft(row);
            if (u.displayName() != null) {
                d.displayName = SsoRules.displayName(u.displayName());
            }
            if (u.identityProvider() != null) {
                d.identityProvider = SsoRules.identityProvider(u.identityProvider());
            }
            if (issuer != null) {
                d.issuer = issuer;
            }
            if (u.clientId() != null) {
                d.clientId = bounded(u.clientId(), "client_id");
            }
            if (u.clientSecret() != null) {
                d.clientSecretSealed = u.clientSecret().isEmpty()
                        ? null
                        : connections.sealClientSecret(
                                project.id(), row.id(), bounded(u.clientSecret(), "client_secret"));
            }
            // Explicit values win over discovered ones (SSO_OAUTH.md §1.2).
            d.authorizationUrl = endpoint(
                    u.authorizationUrl(),
                    discovered.authorizationUrl(),
                    d.authorizationUrl,
                    "authorization_url",
                    ErrorType.OIDC_CONNECTION_AUTHORIZATION_URL_INVALID_FORMAT,
                    httpsOnly);
            d.tokenUrl = endpoint(
                    u.tokenUrl(),
                    discovered.tokenUrl(),
                    d.tokenUrl,
                    "token_url",
                    ErrorType.OIDC_CONNECTION_TOKEN_URL_INVALID_FORMAT,
                    httpsOnly);
            d.userinfoUrl = endpoint(
                    u.userinfoUrl(),
                    discovered.userinfoUrl(),
                    d.userinfoUrl,
                    "userinfo_url",
                    ErrorType.OIDC_CONNECTION_USERINFO_URL_INVALID_FORMAT,
                    httpsOnly);
            d.jwksUrl = endpoint(
                    u.jwksUrl(),
                    discovered.jwksUrl(),
                    d.jwksUrl,
                    "jwks_url",
                    ErrorType.OIDC_CONNECTION_JWKS_URL_INVALID_FORMAT,
                    httpsOnly);
            if (u.customScopes() != null) {
                d.customScopes = bounded(u.customScopes().trim(), "custom_scopes");
            }
            if (u.attributeMapping() != null && !u.attributeMapping().isEmpty()) {
                SsoRules.boundedMapping(u.attributeMapping());
                d.attributeMapping = u.attributeMapping();
            }
            boolean complete = !d.issuer.isEmpty()
                    && !d.clientId.isEmpty()
                    && d.clientSecretSealed != null
                    && !d.authorizationUrl.isEmpty()
                    && !d.tokenUrl.isEmpty()
                    && !d.userinfoUrl.isEmpty()
                    && !d.jwksUrl.isEmpty();
            d.status = complete ? SsoConnection.ACTIVE : SsoConnection.PENDING;
            d.updatedAt = now();
            store.update(h, d.build());
            return new Updated(reload(h, project, row.id()), found.warning());
        });
    }

    /** What discovery found: endpoints ("" where none), and why it failed ("" when it did not). */
    private record Discovered(OidcEndpoints endpoints, String warning) {
        static final Discovered NOTHING = new Discovered(new OidcEndpoints("", "", "", "", ""), "");
    }

    /**
     * OpenID Connect Discovery 1.0 for {@code issuer}. A failure is not an error of the update that asked
     * (SSO_OAUTH.md §1.2): it becomes the response's {@code warning}, and the admin may give the endpoints by hand.
     */
    private Discovered discover(String issuer) {
        try {
            OidcEndpoints e = oidc.discover(issuer);
            return new Discovered(
                    new OidcEndpoints(
                            e.issuer(),
                            e.authorizationUrl(),
                            e.tokenUrl(),
                            e.userinfoUrl() == null ? "" : e.userinfoUrl(),
                            e.jwksUrl()),
                    "");
        } catch (OidcException e) {
            return new Discovered(
                    Discovered.NOTHING.endpoints(),
                    "OIDC discovery failed: " + e.getMessage() + ". Set the endpoint URLs yourself.");
        }
    }

    /** The given value, else the discovered one, else the current one; a given or discovered value is checked. */
    private static String endpoint(
            String given, String discovered, String current, String field, ErrorType error, boolean httpsOnly) {
        if (given != null) {
            return SsoRules.url(given, field, error, httpsOnly);
        }
        if (!discovered.isEmpty()) {
            try {
                return SsoRules.url(discovered, field, error, httpsOnly);
            } catch (ApiException e) {
                return current; // a bad discovered value is ignored, as a failed discovery is
            }
        }
        return current;
    }

    private StoredConnection locate(
            Handle h, Project project, String organizationKey, String connectionId, boolean lock) {
        String orgId = organizations.require(h, project, organizationKey).id();
        var row = lock
                ? store.findForUpdate(h, project.id(), orgId, connectionId)
                : store.find(h, project.id(), connectionId)
                        .filter(c -> c.organizationId().equals(orgId));
        return row.filter(c -> StoredConnection.OIDC.equals(c.kind()))
                .orElseThrow(() -> SsoConnections.notFound(ErrorType.OIDC_CONNECTION_NOT_FOUND, connectionId));
    }

    private OidcConnection reload(Handle h, Project project, String id) {
        return (OidcConnection) connections.find(h, project, id).orElseThrow();
    }

    private static String bounded(String value, String field) {
        if (value.length() > SsoRules.MAX_URL) {
            throw new ApiException(ErrorType.BAD_REQUEST, field + " must be at most 2048 characters.");
        }
        return value;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
