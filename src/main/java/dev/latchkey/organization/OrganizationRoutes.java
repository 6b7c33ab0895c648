package dev.latchkey.organization;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.http.SdkRouter;
import dev.latchkey.store.Page;
import java.util.List;

/** {@code /v1/b2b/organizations}: create, get, update, delete, search (SPEC §6). */
public final class OrganizationRoutes implements FeatureRoutes {
    private final OrganizationService organizations;

    public OrganizationRoutes(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @Override
    public void addTo(ApiRouter r) {
        r.post(
                "/v1/b2b/organizations",
                call -> new OrganizationResponse(OrganizationJson.of(
                        organizations.create(call.project(), OrganizationRequests.changes(call.body())))));
        r.post("/v1/b2b/organizations/search", call -> {
            Page<Organization> page = organizations.search(
                    call.project(),
                    OrganizationRequests.query(call.body()),
                    call.body().string("cursor"),
                    OrganizationRequests.limit(call.body()));
            return new SearchResponse(
                    page.items().stream().map(OrganizationJson::of).toList(),
                    new ResultsMetadata(page.total(), page.nextCursor()));
        });
        r.get(
                "/v1/b2b/organizations/{organization_id}",
                call -> new OrganizationResponse(
                        OrganizationJson.of(organizations.get(call.project(), call.path("organization_id")))));
        r.put(
                "/v1/b2b/organizations/{organization_id}",
                call -> new OrganizationResponse(OrganizationJson.of(organizations.update(
                        call.project(), call.path("organization_id"), OrganizationRequests.changes(call.body())))));
        r.delete(
                "/v1/b2b/organizations/{organization_id}",
                call -> new DeleteResponse(organizations.delete(call.project(), call.path("organization_id"))));
    }

    /** The SDK reads only the organization of the caller's session. */
    @Override
    public void addSdkTo(SdkRouter r) {
        r.get(
                "/sdk/v1/b2b/organizations/me",
                SdkAccess.MEMBER,
                call -> new OrganizationResponse(OrganizationJson.of(
                        organizations.get(call.project(), call.caller().organizationId()))));
    }

    record OrganizationResponse(OrganizationJson organization) {}

    record DeleteResponse(String organizationId) {}

    record SearchResponse(List<OrganizationJson> organizations, ResultsMetadata resultsMetadata) {}

    /** {@code {total, next_cursor}} of a search page. */
    public record ResultsMetadata(int total, String nextCursor) {}
}
