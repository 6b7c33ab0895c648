package dev.latchkey.sso.flow;

import java.time.Instant;

/**
 * A login started at {@code /v1/public/sso/start} and waiting for the IdP's answer: where it may end (the app's
 * redirect URLs, checked against the project's list before the browser left), the app's PKCE challenge, and what
 * the IdP's answer must match (the SAML AuthnRequest id, or the OIDC nonce and our PKCE verifier toward the IdP).
 *
 * @param connectionId the SAML or OIDC connection the IdP answers at
 * @param memberConnectionId the connection the member signs in through: {@code connectionId} itself, or an external
 *     connection of {@code organizationId} that reuses it (its registrations, roles and JIT setting apply)
 * @param oidcVerifierSealed our code_verifier toward the OIDC IdP, sealed (null for SAML)
 */
record SsoRequest(
        String id,
        String projectId,
        String organizationId,
        String connectionId,
        String memberConnectionId,
        String codeChallenge,
        String loginRedirectUrl,
        String signupRedirectUrl,
        String samlRequestId,
        String oidcNonce,
        byte[] oidcVerifierSealed,
        Instant expiresAt) {}
