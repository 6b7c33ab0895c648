package dev.latchkey.organization;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;

/** {@code DELETE /v1/b2b/organizations/{organization_id}/external_id} (issue 10): clears the external id. */
public final class OrganizationExternalIdRoutes implements FeatureRoutes {
    private final OrganizationService organizations;

    public OrganizationExternalIdRoutes(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @Override
    public void addTo(ApiRouter r) {
        // RBAC: header accepted, action undocumented (RBAC_SCIM_M2M.md §1.9: UNVERIFIED); stytch.organization
        // update.info.external-id is the likely one.
        r.delete(
                "/v1/b2b/organizations/{organization_id}/external_id",
                call -> new OrganizationResponse(OrganizationJson.of(
                        organizations.deleteExternalId(call.project(), call.path("organization_id")))));
    }

    record OrganizationResponse(OrganizationJson organization) {}
}
