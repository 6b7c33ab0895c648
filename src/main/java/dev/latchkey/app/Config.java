package dev.latchkey.app;

import dev.latchkey.delivery.DeliveryConfig;
import dev.latchkey.http.ServerLimits;
import dev.latchkey.oauth.OAuthProvider;
import dev.latchkey.oauth.OAuthProviderSettings;
import dev.latchkey.password.HashingLimits;
import dev.latchkey.store.DatabaseTimeouts;
import dev.latchkey.throttle.ThrottleLimits;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server is configured with, read from {@code LATCHKEY_*} environment variables.
 *
 * @param databaseUrl JDBC URL of an external PostgreSQL, or null for the embedded one in {@code dataDir}
 * @param masterKey base64 of 32 bytes, or null to use (and create) {@code dataDir/master.key}
 * @param delivery the SMTP and SMS providers ({@link DeliveryConfig#fromEnvironment})
 * @param redirectUrls {@code LATCHKEY_REDIRECT_URLS}: redirect URLs added to the bootstrap project (see
 *     {@link dev.latchkey.project.RedirectUrls#addFromSetting})
 * @param authorizedOrigins browser origins authorized at start-up for the bootstrap project's SDK
 *     ({@code LATCHKEY_AUTHORIZED_ORIGINS}, comma-separated)
 * @param throttle the send and guess limits ({@link ThrottleLimits#fromEnvironment})
 * @param trustedProxies {@code LATCHKEY_TRUSTED_PROXIES}: IPs or CIDR ranges of reverse proxies whose
 *     {@code X-Forwarded-For} names the client (comma-separated; none by default)
 * @param databaseTimeouts how long a request waits on an unreachable database ({@link DatabaseTimeouts#fromEnvironment})
 * @param serverLimits the request queue and shutdown grace ({@link ServerLimits#fromEnvironment})
 * @param hashing the password hashing queue ({@link HashingLimits#fromEnvironment})
 * @param rbacPolicyFile {@code LATCHKEY_RBAC_POLICY_FILE}: a JSON policy ({@code {roles, resources, scopes}}) set on
 *     the bootstrap project at every start, or null
 * @param publicUrl {@code LATCHKEY_PUBLIC_URL}: the server's external base URL, from which SSO and OAuth callback
 *     addresses are built, or null for {@code http://localhost:<port>}
 * @param oauthProviders {@code LATCHKEY_OAUTH_<PROVIDER>_*}: OAuth clients set on the bootstrap project at start
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        String masterKey,
        String bootstrapProjectId,
        String bootstrapProjectSecret,
        String bootstrapPublicToken,
        DeliveryConfig delivery,
        String redirectUrls,
        List<String> authorizedOrigins,
        ThrottleLimits throttle,
        List<String> trustedProxies,
        DatabaseTimeouts databaseTimeouts,
        ServerLimits serverLimits,
        HashingLimits hashing,
        Path rbacPolicyFile,
        String publicUrl,
        Map<OAuthProvider, OAuthProviderSettings> oauthProviders) {

    public Config {
        oauthProviders = oauthProviders == null ? Map.of() : Map.copyOf(oauthProviders);
        authorizedOrigins = authorizedOrigins == null ? List.of() : List.copyOf(authorizedOrigins);
        throttle = throttle == null ? ThrottleLimits.DEFAULTS : throttle;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        databaseTimeouts = databaseTimeouts == null ? DatabaseTimeouts.DEFAULTS : databaseTimeouts;
        serverLimits = serverLimits == null ? ServerLimits.DEFAULTS : serverLimits;
        hashing = hashing == null ? HashingLimits.defaults() : hashing;
    }

    public static Config fromEnvironment(Map<String, String> env) {
        return new Config(
                env.getOrDefault("LATCHKEY_HOST", "0.0.0.0"),
                Integer.parseInt(env.getOrDefault("LATCHKEY_PORT", "8080")),
                Path.of(env.getOrDefault("LATCHKEY_DATA_DIR", "./latchkey-data")),
                jdbcUrl(env.get("LATCHKEY_DATABASE_URL")),
                env.getOrDefault("LATCHKEY_DATABASE_USER", "postgres"),
                env.getOrDefault("LATCHKEY_DATABASE_PASSWORD", ""),
                Integer.parseInt(env.getOrDefault("LATCHKEY_DATABASE_POOL_SIZE", "16")),
                optional(env, "LATCHKEY_MASTER_KEY"),
                optional(env, "LATCHKEY_PROJECT_ID"),
                optional(env, "LATCHKEY_PROJECT_SECRET"),
                optional(env, "LATCHKEY_PUBLIC_TOKEN"),
                DeliveryConfig.fromEnvironment(env),
                optional(env, "LATCHKEY_REDIRECT_URLS"),
                commaSeparated(env.get("LATCHKEY_AUTHORIZED_ORIGINS")),
                ThrottleLimits.fromEnvironment(env),
                commaSeparated(env.get("LATCHKEY_TRUSTED_PROXIES")),
                DatabaseTimeouts.fromEnvironment(env),
                ServerLimits.fromEnvironment(env),
                HashingLimits.fromEnvironment(env),
                Optional.ofNullable(optional(env, "LATCHKEY_RBAC_POLICY_FILE"))
                        .map(Path::of)
                        .orElse(null),
                optional(env, "LATCHKEY_PUBLIC_URL"),
                oauthProviders(env));
    }

    /**
     * {@code LATCHKEY_OAUTH_<PROVIDER>_CLIENT_ID}, {@code _CLIENT_SECRET}, {@code _ISSUER}, {@code _AUTHORIZATION_URL},
     * {@code _TOKEN_URL} and {@code _USERINFO_URL} for each provider that has any of them (docs/oauth.md).
     */
    static Map<OAuthProvider, OAuthProviderSettings> oauthProviders(Map<String, String> env) {
        Map<OAuthProvider, OAuthProviderSettings> out = new java.util.EnumMap<>(OAuthProvider.class);
        for (OAuthProvider p : OAuthProvider.values()) {
            String prefix = "LATCHKEY_OAUTH_" + p.name() + "_";
            var settings = new OAuthProviderSettings(
                    optional(env, prefix + "CLIENT_ID"),
                    optional(env, prefix + "CLIENT_SECRET"),
                    optional(env, prefix + "ISSUER"),
                    optional(env, prefix + "AUTHORIZATION_URL"),
                    optional(env, prefix + "TOKEN_URL"),
                    optional(env, prefix + "USERINFO_URL"));
            if (settings.clientId() != null || settings.clientSecret() != null) {
                out.put(p, settings);
            }
        }
        return out;
    }

    /**
     * The value, or null when unset or blank: a compose file or orchestrator passes {@code VAR=} for "not set",
     * which must not become an empty project id or key.
     */
    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    static List<String> commaSeparated(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Accepts {@code jdbc:postgresql://…} as is and {@code postgres(ql)://host/db} by adding the JDBC prefix. */
    static String jdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring("postgres://".length());
        }
        return url.startsWith("postgresql://") ? "jdbc:" + url : url;
    }
}
