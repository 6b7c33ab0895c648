package dev.latchkey.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A connection being changed by an update: a mutable copy of a {@link StoredConnection} whose fields the update
 * sets one by one, then {@link #build()}s back into a row. Lives only inside one update.
 */
final class ConnectionDraft {
    String id;
    String projectId;
    String organizationId;
    String kind;
    String status;
    String displayName;
    String identityProvider;
    Map<String, String> attributeMapping;
    String idpEntityId;
    String idpSsoUrl;
    String alternativeAudienceUri;
    String alternativeAcsUrl;
    String nameidFormat;
    boolean idpInitiatedAuthDisabled;
    boolean allowGatewayCallback;
    List<String> connectionRoleIds;
    List<GroupRole> groupRoles;
    String issuer;
    String clientId;
    byte[] clientSecretSealed;
    String authorizationUrl;
    String tokenUrl;
    String userinfoUrl;
    String jwksUrl;
    String customScopes;
    String externalOrganizationId;
    String externalConnectionId;
    Instant createdAt;
    Instant updatedAt;

    ConnectionDraft(StoredConnection c) {
        id = c.id();
        projectId = c.projectId();
        organizationId = c.organizationId();
        kind = c.kind();
        status = c.status();
        displayName = c.displayName();
        identityProvider = c.identityProvider();
        attributeMapping = c.attributeMapping();
        idpEntityId = c.idpEntityId();
        idpSsoUrl = c.idpSsoUrl();
        alternativeAudienceUri = c.alternativeAudienceUri();
        alternativeAcsUrl = c.alternativeAcsUrl();
        nameidFormat = c.nameidFormat();
        idpInitiatedAuthDisabled = c.idpInitiatedAuthDisabled();
        allowGatewayCallback = c.allowGatewayCallback();
        connectionRoleIds = c.connectionRoleIds();
        groupRoles = c.groupRoles();
        issuer = c.issuer();
        clientId = c.clientId();
        clientSecretSealed = c.clientSecretSealed();
        authorizationUrl = c.authorizationUrl();
        tokenUrl = c.tokenUrl();
        userinfoUrl = c.userinfoUrl();
        jwksUrl = c.jwksUrl();
        customScopes = c.customScopes();
        externalOrganizationId = c.externalOrganizationId();
        externalConnectionId = c.externalConnectionId();
        createdAt = c.createdAt();
        updatedAt = c.updatedAt();
    }

    StoredConnection build() {
        return new StoredConnection(
                id,
                projectId,
                organizationId,
                kind,
                status,
                displayName,
                identityProvider,
                attributeMapping,
                idpEntityId,
                idpSsoUrl,
                alternativeAudienceUri,
                alternativeAcsUrl,
                nameidFormat,
                idpInitiatedAuthDisabled,
                allowGatewayCallback,
                connectionRoleIds,
                groupRoles,
                issuer,
                clientId,
                clientSecretSealed,
                authorizationUrl,
                tokenUrl,
                userinfoUrl,
                jwksUrl,
                customScopes,
                externalOrganizationId,
                externalConnectionId,
                createdAt,
                updatedAt);
    }
}
