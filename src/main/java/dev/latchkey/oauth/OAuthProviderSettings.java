package dev.latchkey.oauth;

/**
 * What an administrator sets for a provider (CLI {@code oauth-providers set}, or {@code LATCHKEY_OAUTH_<PROVIDER>_*}
 * for the bootstrap project). Null fields keep their current value (the secret) or the provider's default (URLs).
 */
public record OAuthProviderSettings(
        String clientId,
        String clientSecret,
        String issuer,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl) {
    @Override
    public String toString() {
        return "OAuthProviderSettings[clientId=" + clientId + ", issuer=" + issuer + "]";
    }
}
