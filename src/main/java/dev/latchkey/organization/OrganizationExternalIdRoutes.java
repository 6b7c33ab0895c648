package dev.latchkey.organization;

import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;

/** {@code DELETE /v1/b2b/organizations/{organization_id}/external_id} (issue 10): clears the external id. */
public final class OrganizationExternalIdRoutes implements FeatureRoutes {
    private final OrganizationService organizations;

    public OrganizationExternalIdRoutes(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /**
     * Stytch leaves the permission undocumented: the external id is an organization key sharing the slug's namespace,
     * so it needs {@code stytch.organization update.info.slug} (docs/compatibility.md).
     */
    @Override
    public void declare(Endpoints e) {
        e.delete("/v1/b2b/organizations/{organization_id}/external_id")
                .gate(Gate.of(Gate.ORGANIZATION, "update.info.slug"))
                .to(call -> new OrganizationResponse(
                        OrganizationJson.of(organizations.deleteExternalId(call.project(), call.organizationId()))));
    }

    record OrganizationResponse(OrganizationJson organization) {}
}
