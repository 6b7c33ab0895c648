package dev.latchkey.oauth;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.util.Arrays;
import java.util.Locale;

/**
 * The B2B OAuth providers (SSO_OAUTH.md §2.1) and their real endpoints (§2.5), used when a project configures no
 * others. Google, Microsoft and Slack speak OpenID Connect (discovery from the issuer gives their endpoints); GitHub and
 * HubSpot are plain OAuth 2.0 with a user API.
 */
public enum OAuthProvider {
    GOOGLE("https://accounts.google.com", null, null, null, "openid email profile"),
    // The multi-tenant endpoint: its discovery document names the issuer
    // https://login.microsoftonline.com/{tenantid}/v2.0.
    MICROSOFT("https://login.microsoftonline.com/common/v2.0", null, null, null, "openid email profile offline_access"),
    GITHUB(
            null,
            "https://github.com/login/oauth/authorize",
            "https://github.com/login/oauth/access_token",
            "https://api.github.com/user",
            "read:user user:email"),
    HUBSPOT(
            null,
            "https://app.hubspot.com/oauth/authorize",
            "https://api.hubapi.com/oauth/v1/token",
            "https://api.hubapi.com/oauth/v1/access-tokens/",
            "oauth"),
    SLACK("https://slack.com", null, null, null, "openid email profile");

    private final String defaultIssuer;
    private final String defaultAuthorizationUrl;
    private final String defaultTokenUrl;
    private final String defaultUserinfoUrl;
    private final String defaultScopes;

    OAuthProvider(
            String defaultIssuer,
            String defaultAuthorizationUrl,
            String defaultTokenUrl,
            String defaultUserinfoUrl,
            String defaultScopes) {
        this.defaultIssuer = defaultIssuer;
        this.defaultAuthorizationUrl = defaultAuthorizationUrl;
        this.defaultTokenUrl = defaultTokenUrl;
        this.defaultUserinfoUrl = defaultUserinfoUrl;
        this.defaultScopes = defaultScopes;
    }

    /** {@code google}, {@code microsoft}, ... as in paths and {@code provider_type}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The organization auth method it counts as, e.g. {@code google_oauth}. */
    public String authMethod() {
        return wireName() + "_oauth";
    }

    /** The provider of a path segment or setting; {@code invalid_oauth_provider} otherwise. */
    public static OAuthProvider parse(String name) {
        return Arrays.stream(values())
                .filter(p -> p.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        ErrorType.INVALID_OAUTH_PROVIDER,
                        "'" + name + "' is not an OAuth provider (google, microsoft, github, hubspot, slack)."));
    }

    /** True for the providers that issue ID tokens (an issuer is configured or defaulted). */
    public boolean speaksOidc() {
        return defaultIssuer != null;
    }

    public String defaultIssuer() {
        return defaultIssuer;
    }

    public String defaultAuthorizationUrl() {
        return defaultAuthorizationUrl;
    }

    public String defaultTokenUrl() {
        return defaultTokenUrl;
    }

    public String defaultUserinfoUrl() {
        return defaultUserinfoUrl;
    }

    public String defaultScopes() {
        return defaultScopes;
    }
}
