package dev.latchkey.organization;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The wire shape of an organization (SPEC §2.1): every field the official SDKs require, with "" and []
 * rather than null for values not set.
 */
public record OrganizationJson(
        String organizationId,
        String organizationName,
        String organizationSlug,
        String organizationLogoUrl,
        String organizationExternalId,
        ObjectNode trustedMetadata,
        @JsonUnwrapped OrganizationSettings settings,
        List<ActiveSsoConnection> ssoActiveConnections,
        Object scimActiveConnection,
        List<CustomRole> customRoles,
        Instant createdAt,
        Instant updatedAt) {

    public static OrganizationJson of(Organization o) {
        return new OrganizationJson(
                o.id(),
                o.name(),
                o.slug(),
                o.logoUrl(),
                o.externalId(),
                o.trustedMetadata(),
                o.settings(),
                o.ssoActiveConnections(),
                null,
                o.customRoles(),
                o.createdAt(),
                o.updatedAt());
    }
}
