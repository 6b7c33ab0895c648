package dev.latchkey.oidc;

/**
 * Where an OpenID Connect provider (or a plain OAuth 2.0 provider) answers. {@code issuer} and {@code jwksUrl} are
 * null for a plain OAuth 2.0 provider, which issues no ID token; {@code userinfoUrl} may be null for an OIDC provider
 * that has none. An issuer may be a template with {@code {tenantid}} (Microsoft's multi-tenant endpoints), which
 * {@link OidcClient#verifyIdToken} fills from the token's {@code tid} claim.
 */
public record OidcEndpoints(
        String issuer, String authorizationUrl, String tokenUrl, String userinfoUrl, String jwksUrl) {}
