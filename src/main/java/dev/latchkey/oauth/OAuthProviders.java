package dev.latchkey.oauth;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.oidc.OidcClient;
import dev.latchkey.oidc.OidcEndpoints;
import dev.latchkey.oidc.OidcException;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * Per-project provider configurations (SSO_OAUTH.md §2.5): set by the CLI or the environment, read by the OAuth flows
 * with the client secret opened, and turned into endpoints (OpenID Connect discovery, cached for an hour, or the
 * configured and default plain OAuth 2.0 URLs).
 */
public final class OAuthProviders {
    static final Duration DISCOVERY_CACHE = Duration.ofHours(1);

    private final Database db;
    private final OAuthProviderStore store;
    private final SecretBox box;
    private final OidcClient oidc;
    private final UnaryOperator<String> publicUrl;
    private final Clock clock;
    private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();

    private record Discovered(OidcEndpoints endpoints, Instant at) {}

    /** {@code publicUrl} resolves a path against the server's external base URL ({@code http.PublicUrl}). */
    public OAuthProviders(
            Database db,
            OAuthProviderStore store,
            SecretBox box,
            OidcClient oidc,
            UnaryOperator<String> publicUrl,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.box = box;
        this.oidc = oidc;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /**
     * Creates or updates the project's configuration of {@code provider}. A new configuration needs a client id and
     * secret; on an update, a null field keeps its value (URLs: a blank one returns to the default). Raises
     * {@code invalid_request_value} for a missing client credential or a URL that is not absolute http(s).
     */
    public OAuthProviderConfig set(Project project, OAuthProvider provider, OAuthProviderSettings s) {
        for (String url : new String[] {s.issuer(), s.authorizationUrl(), s.tokenUrl(), s.userinfoUrl()}) {
            requireUrl(url);
        }
        return db.inTransaction(h -> {
            Optional<OAuthProviderStore.Row> current = store.find(h, project.id(), provider);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            OAuthProviderConfig old =
                    current.map(OAuthProviderStore.Row::config).orElse(null);
            String clientId = pick(s.clientId(), old == null ? null : old.clientId());
            String secret = s.clientSecret() != null && !s.clientSecret().isBlank()
                    ? s.clientSecret()
                    : current.map(r -> open(r)).orElse(null);
            if (clientId == null || secret == null) {
                throw new ApiException(
                        ErrorType.INVALID_REQUEST_VALUE,
                        "A new " + provider.wireName() + " configuration needs a client id and a client secret.");
            }
            var config = new OAuthProviderConfig(
                    project.id(),
                    provider,
                    old == null ? project.newId("oauth-callback") : old.callbackId(),
                    clientId,
                    secret,
                    pickUrl(s.issuer(), old == null ? null : old.issuer()),
                    pickUrl(s.authorizationUrl(), old == null ? null : old.authorizationUrl()),
                    pickUrl(s.tokenUrl(), old == null ? null : old.tokenUrl()),
                    pickUrl(s.userinfoUrl(), old == null ? null : old.userinfoUrl()),
                    old == null ? now : old.createdAt(),
                    now);
            if (config.effectiveIssuer() == null
                    && (config.authorizationUrl() == null && provider.defaultAuthorizationUrl() == null)) {
                throw new ApiException(
                        ErrorType.INVALID_REQUEST_VALUE,
                        "Give " + provider.wireName() + " an issuer, or its authorization, token and userinfo URLs.");
            }
            store.upsert(h, config, box.seal(secret.getBytes(StandardCharsets.UTF_8), associatedData(config)));
            discovered.clear();
            return config;
        });
    }

    /** The project's configurations, without their secrets. */
    public List<OAuthProviderConfig> list(Project project) {
        return db.withHandle(h -> store.list(h, project.id()).stream()
                .map(OAuthProviderStore.Row::config)
                .toList());
    }

    /** The absolute redirect URI to register at the provider. */
    public String callbackUrl(OAuthProviderConfig config) {
        return publicUrl.apply(config.callbackPath());
    }

    /** The configuration with its secret opened; {@code oauth_config_not_found} if the project has none. */
    OAuthProviderConfig require(Handle h, Project project, OAuthProvider provider) {
        return store.find(h, project.id(), provider)
                .map(this::opened)
                .orElseThrow(() -> new ApiException(
                        ErrorType.OAUTH_CONFIG_NOT_FOUND,
                        "This project has no " + provider.wireName() + " OAuth configuration."));
    }

    /** The configuration a callback id names, with its secret opened. */
    Optional<OAuthProviderConfig> byCallback(Handle h, String callbackId) {
        return store.findByCallback(h, callbackId).map(this::opened);
    }

    /**
     * Where the provider answers: discovered from the issuer (explicit URLs win) or the plain URLs with the
     * provider's defaults. Raises {@code oauth_creating_redirect_url_error} when discovery fails.
     */
    OidcEndpoints endpoints(OAuthProviderConfig c) {
        String issuer = c.effectiveIssuer();
        OAuthProvider p = c.provider();
        if (issuer == null) {
            return new OidcEndpoints(
                    null,
                    pick(c.authorizationUrl(), p.defaultAuthorizationUrl()),
                    pick(c.tokenUrl(), p.defaultTokenUrl()),
                    pick(c.userinfoUrl(), p.defaultUserinfoUrl()),
                    null);
        }
        Instant now = clock.instant();
        Discovered d = discovered.get(issuer);
        if (d == null || d.at().plus(DISCOVERY_CACHE).isBefore(now)) {
            try {
                d = new Discovered(oidc.discover(issuer), now);
            } catch (OidcException e) {
                throw new ApiException(ErrorType.OAUTH_CREATING_REDIRECT_URL_ERROR, e.getMessage());
            }
            discovered.put(issuer, d);
        }
        OidcEndpoints e = d.endpoints();
        return new OidcEndpoints(
                e.issuer(),
                pick(c.authorizationUrl(), e.authorizationUrl()),
                pick(c.tokenUrl(), e.tokenUrl()),
                pick(c.userinfoUrl(), e.userinfoUrl()),
                e.jwksUrl());
    }

    private OAuthProviderConfig opened(OAuthProviderStore.Row row) {
        OAuthProviderConfig c = row.config();
        return new OAuthProviderConfig(
                c.projectId(),
                c.provider(),
                c.callbackId(),
                c.clientId(),
                open(row),
                c.issuer(),
                c.authorizationUrl(),
                c.tokenUrl(),
                c.userinfoUrl(),
                c.createdAt(),
                c.updatedAt());
    }

    private String open(OAuthProviderStore.Row row) {
        return new String(box.open(row.sealedSecret(), associatedData(row.config())), StandardCharsets.UTF_8);
    }

    /** Binds a sealed secret to its project and provider, so it cannot be moved to another row. */
    private static byte[] associatedData(OAuthProviderConfig c) {
        return ("oauth-provider:" + c.projectId() + ":" + c.provider().wireName()).getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }

    /** A given URL replaces the old one; a blank one clears it (back to the default); null keeps the old one. */
    private static String pickUrl(String given, String old) {
        if (given == null) {
            return old;
        }
        return given.isBlank() ? null : given;
    }

    private static void requireUrl(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            URI u = new URI(url);
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
                return;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new ApiException(ErrorType.INVALID_REQUEST_VALUE, "'" + url + "' is not an absolute http(s) URL.");
    }
}
