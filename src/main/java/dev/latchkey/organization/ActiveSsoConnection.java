package dev.latchkey.organization;

/**
 * An active SSO connection as the organization object lists it ({@code sso_active_connections}, SSO_OAUTH.md §1.1);
 * for an external connection, the identity provider of the connection it reuses.
 */
public record ActiveSsoConnection(String connectionId, String displayName, String identityProvider) {}
