package dev.latchkey.sso.flow;

import java.util.Map;

/**
 * The query of {@code GET /v1/public/sso/start} (SSO_OAUTH.md §1.3 step 1).
 *
 * @param providerParams the {@code provider_*} parameters with the prefix removed, passed on to an OIDC IdP
 */
public record StartRequest(
        String publicToken,
        String connectionId,
        String organizationId,
        String loginRedirectUrl,
        String signupRedirectUrl,
        String pkceCodeChallenge,
        Map<String, String> providerParams) {}
