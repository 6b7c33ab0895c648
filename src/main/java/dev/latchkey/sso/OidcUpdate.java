package dev.latchkey.sso;

import java.util.Map;

/**
 * The fields of an OIDC connection update (SSO_OAUTH.md §1.2); null leaves a field as it is, as does an empty
 * attribute mapping (the Java SDK sends {@code {}} when it was given none).
 */
public record OidcUpdate(
        String displayName,
        String identityProvider,
        String clientId,
        String clientSecret,
        String issuer,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl,
        String jwksUrl,
        String customScopes,
        Map<String, String> attributeMapping) {}
