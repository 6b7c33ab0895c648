package dev.latchkey.sso;

/**
 * One SSO connection of an organization (SSO_OAUTH.md §1.1): SAML, OIDC, or an external connection that reuses
 * another organization's. A connection is {@code pending} until it holds everything a sign-in needs, then
 * {@code active}; only active connections may be used to sign in.
 */
public sealed interface SsoConnection permits SamlConnection, OidcConnection, ExternalConnection {
    String PENDING = "pending";
    String ACTIVE = "active";

    String connectionId();

    String organizationId();

    String projectId();

    String status();

    String displayName();

    String identityProvider();

    default boolean active() {
        return ACTIVE.equals(status());
    }
}
