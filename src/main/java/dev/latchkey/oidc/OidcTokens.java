package dev.latchkey.oidc;

import java.util.List;

/**
 * What a provider's token endpoint answered: the access token, and when the provider gives them a refresh token, an
 * ID token (unverified here; see {@link OidcClient#verifyIdToken}), the lifetime in seconds and the granted scopes.
 */
public record OidcTokens(String accessToken, String refreshToken, String idToken, Long expiresIn, List<String> scopes) {
    public OidcTokens {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
