package dev.latchkey.sso.flow;

import java.time.Instant;

/**
 * The single-use token the callback hands the app ({@code ?stytch_token_type=sso&token=…}), redeemed at
 * {@code sso/authenticate}: which member logged in through which connection, and the app's PKCE challenge.
 */
record SsoToken(
        String id,
        String projectId,
        String organizationId,
        String memberId,
        String connectionId,
        boolean saml,
        String registrationId,
        String externalId,
        String codeChallenge,
        Instant expiresAt,
        Instant consumedAt) {}
