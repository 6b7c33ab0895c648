package dev.latchkey.organization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** An organization of a project: its identity, metadata and policies. */
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
        Instant updatedAt) {}
