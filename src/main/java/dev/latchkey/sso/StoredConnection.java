package dev.latchkey.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code sso_connections} as stored: secrets still sealed, and for an external connection the status and
 * identity provider of the connection it reuses. {@link SsoConnections} turns it into an {@link SsoConnection}.
 */
record StoredConnection(
        String id,
        String projectId,
        String organizationId,
        String kind,
        String status,
        String displayName,
        String identityProvider,
        Map<String, String> attributeMapping,
        String idpEntityId,
        String idpSsoUrl,
        String alternativeAudienceUri,
        String alternativeAcsUrl,
        String nameidFormat,
        boolean idpInitiatedAuthDisabled,
        boolean allowGatewayCallback,
        List<String> connectionRoleIds,
        List<GroupRole> groupRoles,
        String issuer,
        String clientId,
        byte[] clientSecretSealed,
        String authorizationUrl,
        String tokenUrl,
        String userinfoUrl,
        String jwksUrl,
        String customScopes,
        String externalOrganizationId,
        String externalConnectionId,
        Instant createdAt,
        Instant updatedAt) {

    static final String SAML = "saml";
    static final String OIDC = "oidc";
    static final String EXTERNAL = "external";

    /** A new, pending connection of {@code kind} with nothing set but its names. */
    static StoredConnection pending(
            String id,
            String projectId,
            String organizationId,
            String kind,
            String displayName,
            String identityProvider,
            Instant now) {
        return new StoredConnection(
                id,
                projectId,
                organizationId,
                kind,
                SsoConnection.PENDING,
                displayName,
                identityProvider,
                Map.of(),
                "",
                "",
                "",
                "",
                SAML.equals(kind) ? SamlConnection.EMAIL_NAMEID_FORMAT : "",
                false,
                false,
                List.of(),
                List.of(),
                "",
                "",
                null,
                "",
                "",
                "",
                "",
                "",
                null,
                null,
                now,
                now);
    }
}
