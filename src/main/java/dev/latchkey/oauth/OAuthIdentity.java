package dev.latchkey.oauth;

import dev.latchkey.oidc.OidcTokens;
import java.util.List;

/**
 * Who the provider says the user is, after the ID token verified (or the user API answered): the subject, the email
 * and whether it counts as verified under SSO_OAUTH.md §2.2/§2.5, the tenants the user belongs to (Slack team, HubSpot
 * hub, GitHub organizations, Microsoft tid, Google hd), and the provider's tokens.
 */
record OAuthIdentity(
        OAuthProvider provider,
        String subject,
        String email,
        boolean emailVerified,
        String fullName,
        String pictureUrl,
        String locale,
        List<String> tenantIds,
        OidcTokens tokens) {}
