package dev.latchkey.oauth;

import java.time.Instant;
import java.util.List;

/**
 * The single-use {@code oauth_token} (or {@code discovery_oauth_token}) the callback hands the application: who the
 * provider said the user is, and for an organization login the member and registration the callback resolved.
 */
record OAuthToken(
        String projectId,
        OAuthProvider provider,
        boolean discovery,
        String organizationId,
        String memberId,
        String registrationId,
        String email,
        boolean emailVerified,
        String fullName,
        String providerSubject,
        List<String> providerTenantIds,
        String codeChallenge,
        Instant expiresAt,
        Instant consumedAt) {}
