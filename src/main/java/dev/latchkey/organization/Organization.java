package dev.latchkey.organization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An organization of a project: its identity, metadata and policies, and the RBAC roles defined for it alone
 * ({@code customRoles}, empty for most).
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
        List<CustomRole> customRoles) {

    public Organization {
        customRoles = customRoles == null ? List.of() : List.copyOf(customRoles);
    }
}
