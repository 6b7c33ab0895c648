package dev.latchkey.oauth;

import java.time.Instant;

/**
 * A project's client at one provider: the client id and (opened) secret, and where the provider answers when it is not
 * at its real address ({@code issuer} for OpenID Connect discovery; the three URLs for plain OAuth 2.0, or to override
 * discovered ones). {@code callbackId} names the redirect URI to register at the provider,
 * {@code /v1/b2b/oauth/callback/<callbackId>}.
 */
public record OAuthProviderConfig(
        String projectId,
        OAuthProvider provider,
        String callbackId,
        String clientId,
        String clientSecret,
        String issuer,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * The issuer to discover: the configured one, else the provider's real one unless plain endpoints were configured
     * instead; null for plain OAuth 2.0.
     */
    public String effectiveIssuer() {
        if (issuer != null) {
            return issuer;
        }
        return authorizationUrl == null && tokenUrl == null ? provider.defaultIssuer() : null;
    }

    /** The redirect URI path registered at the provider. */
    public String callbackPath() {
        return "/v1/b2b/oauth/callback/" + callbackId;
    }

    @Override
    public String toString() {
        return "OAuthProviderConfig[" + projectId + ", " + provider.wireName() + ", " + callbackId + "]";
    }
}
