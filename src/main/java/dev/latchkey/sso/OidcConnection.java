package dev.latchkey.sso;

import java.util.Map;

/**
 * An OIDC connection: the IdP's issuer and endpoints, the client Latchkey is registered as there
 * ({@code clientSecret} opened from its sealed form), the redirect URL registered at the IdP, and how claims map to
 * member fields.
 */
public record OidcConnection(
        String projectId,
        String organizationId,
        String connectionId,
        String status,
        String displayName,
        String identityProvider,
        String issuer,
        String clientId,
        String clientSecret,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl,
        String jwksUrl,
        String redirectUrl,
        String customScopes,
        Map<String, String> attributeMapping)
        implements SsoConnection {

    /** The scopes asked for when {@code customScopes} is empty (SSO_OAUTH.md §1.1). */
    public static final String DEFAULT_SCOPES = "openid email profile";

    public OidcConnection {
        attributeMapping = Map.copyOf(attributeMapping);
    }
}
