package dev.latchkey.organization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An organization of a project: its identity, metadata and policies, the RBAC roles defined for it alone
 * ({@code customRoles}, empty for most), and its active SSO connections (read with it from {@code sso_connections}).
 */
public record Organization(
        String id,
        String projectId,
        String name,
        String slug,
        String logoUrl,
        String externalId,
        ObjectNode trustedMetadata,
        OrganizationSettings settings,
        Instant createdAt,
        Instant updatedAt,
        List<CustomRole> customRoles,
        List<ActiveSsoConnection> ssoActiveConnections) {

    public Organization {
        customRoles = customRoles == null ? List.of() : List.copyOf(customRoles);
        ssoActiveConnections = ssoActiveConnections == null ? List.of() : List.copyOf(ssoActiveConnections);
    }

    /** An organization without active SSO connections (one being created). */
    public Organization(
            String id,
            String projectId,
            String name,
            String slug,
            String logoUrl,
            String externalId,
            ObjectNode trustedMetadata,
            OrganizationSettings settings,
            Instant createdAt,
            Instant updatedAt,
            List<CustomRole> customRoles) {
        this(
                id,
                projectId,
                name,
                slug,
                logoUrl,
                externalId,
                trustedMetadata,
                settings,
                createdAt,
                updatedAt,
                customRoles,
                List.of());
    }
}
