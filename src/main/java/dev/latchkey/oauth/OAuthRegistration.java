package dev.latchkey.oauth;

import java.time.Instant;
import java.util.List;

/**
 * A member's link to one provider identity, with the provider's latest tokens (opened; null when the provider gave
 * none). {@code accessTokenExpiresAt} is null when the provider did not say.
 */
record OAuthRegistration(
        String id,
        String projectId,
        String organizationId,
        String memberId,
        OAuthProvider provider,
        String providerSubject,
        String providerTenantId,
        String profilePictureUrl,
        String locale,
        String accessToken,
        String refreshToken,
        String idToken,
        Instant accessTokenExpiresAt,
        List<String> scopes,
        Instant createdAt,
        Instant updatedAt) {
    @Override
    public String toString() {
        return "OAuthRegistration[" + id + ", " + provider.wireName() + ", " + providerSubject + "]";
    }
}
