package dev.latchkey.oauth;

import java.time.Instant;

/**
 * The server-side half of one start → provider → callback round trip, found by the digest of the {@code state}
 * parameter. {@code organizationId} is null for discovery; the redirect URLs were checked against the project's
 * allow-list at start. {@code providerVerifier} is the PKCE verifier toward the provider (opened), {@code codeChallenge}
 * the application's own PKCE challenge, carried on to the oauth token.
 */
record OAuthState(
        String projectId,
        OAuthProvider provider,
        String callbackId,
        String organizationId,
        boolean discovery,
        String nonce,
        String providerVerifier,
        String codeChallenge,
        String loginRedirectUrl,
        String signupRedirectUrl,
        String discoveryRedirectUrl,
        String scopes,
        Instant expiresAt,
        Instant consumedAt) {}
