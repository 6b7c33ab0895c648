package dev.latchkey.sso;

import java.util.List;

/**
 * An organization's use of another organization's connection in the same project (SSO_OAUTH.md §1.1): members sign in
 * through {@code externalConnectionId}, and this organization's own role assignments apply. Its status follows the
 * connection it reuses.
 */
public record ExternalConnection(
        String projectId,
        String organizationId,
        String connectionId,
        String status,
        String displayName,
        String identityProvider,
        String externalOrganizationId,
        String externalConnectionId,
        List<String> connectionImplicitRoleIds,
        List<GroupRole> groupImplicitRoles)
        implements SsoConnection {

    public ExternalConnection {
        connectionImplicitRoleIds = List.copyOf(connectionImplicitRoleIds);
        groupImplicitRoles = List.copyOf(groupImplicitRoles);
    }
}
