package dev.latchkey.oauth;

import java.util.Map;

/**
 * A {@code /v1/b2b/public/oauth/{provider}/start} (or {@code .../discovery/start}) request, parsed by the route:
 * the organization by id or slug (exactly one, organization login only), extra scopes, the {@code provider_*}
 * parameters with their prefix removed, the application's PKCE challenge, and the redirect URLs (null: the project's
 * default of the kind).
 */
public record OAuthStartRequest(
        OAuthProvider provider,
        boolean discovery,
        String organizationId,
        String slug,
        String customScopes,
        Map<String, String> providerParams,
        String codeChallenge,
        String loginRedirectUrl,
        String signupRedirectUrl,
        String discoveryRedirectUrl) {}
