package dev.latchkey.organization;

import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.store.Page;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/b2b/organizations}: create, get, update, delete, search (SPEC §6). */
public final class OrganizationRoutes implements FeatureRoutes {
    /** Each field an update sets needs its own action on {@code stytch.organization} (RBAC_SCIM_M2M.md §1.9). */
    static final Gate UPDATE = Gate.perField(
            Gate.ORGANIZATION,
            Map.ofEntries(
                    Map.entry("organization_name", "update.info.name"),
                    Map.entry("organization_slug", "update.info.slug"),
                    Map.entry("organization_logo_url", "update.info.logo-url"),
                    Map.entry("sso_default_connection_id", "update.settings.default-sso-connection"),
                    Map.entry("sso_jit_provisioning", "update.settings.sso-jit-provisioning"),
                    Map.entry("sso_jit_provisioning_allowed_connections", "update.settings.sso-jit-provisioning"),
                    Map.entry("email_allowed_domains", "update.settings.allowed-domains"),
                    Map.entry("email_jit_provisioning", "update.settings.email-jit-provisioning"),
                    Map.entry("email_invites", "update.settings.email-invites"),
                    Map.entry("auth_methods", "update.settings.allowed-auth-methods"),
                    Map.entry("allowed_auth_methods", "update.settings.allowed-auth-methods"),
                    Map.entry("mfa_policy", "update.settings.mfa-policy"),
                    Map.entry("rbac_email_implicit_role_assignments", "update.settings.implicit-roles"),
                    Map.entry("mfa_methods", "update.settings.allowed-mfa-methods"),
                    Map.entry("allowed_mfa_methods", "update.settings.allowed-mfa-methods"),
                    Map.entry("oauth_tenant_jit_provisioning", "update.settings.oauth-tenant-jit-provisioning"),
                    Map.entry("allowed_oauth_tenants", "update.settings.allowed-oauth-tenants"),
                    // Stytch names no action for these; the closest ones (docs/compatibility.md)
                    Map.entry("organization_external_id", "update.info.slug"),
                    Map.entry("claimed_email_domains", "update.settings.allowed-domains")),
            Set.of(),
            Set.of("organization_id"));

    private final OrganizationService organizations;

    public OrganizationRoutes(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /**
     * The SDK acts on the organization of the caller's session ({@code organizations/me}); {@code getBySlug} is public,
     * as a login page asks it before anyone is logged in, and answers only what such a page shows.
     */
    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/organizations")
                .to(call -> new OrganizationResponse(OrganizationJson.of(
                        organizations.create(call.project(), OrganizationRequests.changes(call.body())))));
        e.post("/v1/b2b/organizations/search").to(call -> {
            Page<Organization> page = organizations.search(
                    call.project(),
                    OrganizationRequests.query(call.body()),
                    call.body().string("cursor"),
                    OrganizationRequests.limit(call.body()));
            return new SearchResponse(
                    page.items().stream().map(OrganizationJson::of).toList(),
                    new ResultsMetadata(page.total(), page.nextCursor()));
        });
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/organizations/search", SdkAccess.PUBLIC)
                .to(call -> new BySlugResponse(organizations
                        .findBySlug(call.project(), call.body().requiredString("organization_slug"))
                        .map(BySlug::of)
                        .orElse(null)));
        e.get("/v1/b2b/organizations/{organization_id}")
                .sdk("/sdk/v1/b2b/organizations/me", SdkAccess.MEMBER)
                .to(call -> new OrganizationResponse(
                        OrganizationJson.of(organizations.get(call.project(), call.organizationId()))));
        e.put("/v1/b2b/organizations/{organization_id}")
                .sdk("/sdk/v1/b2b/organizations/me", SdkAccess.MEMBER)
                .gate(UPDATE)
                .to(call -> new OrganizationResponse(OrganizationJson.of(organizations.update(
                        call.project(), call.organizationId(), OrganizationRequests.changes(call.body())))));
        e.delete("/v1/b2b/organizations/{organization_id}")
                .sdk("/sdk/v1/b2b/organizations/me", SdkAccess.MEMBER)
                .gate(Gate.of(Gate.ORGANIZATION, "delete"))
                .to(call -> new DeleteResponse(organizations.delete(call.project(), call.organizationId())));
    }

    record OrganizationResponse(OrganizationJson organization) {}

    record DeleteResponse(String organizationId) {}

    record BySlugResponse(BySlug organization) {}

    /** What {@code getBySlug} answers a login page: how to sign in to the organization, nothing about its members. */
    record BySlug(
            String organizationId,
            String organizationName,
            String organizationSlug,
            String organizationLogoUrl,
            List<ActiveSsoConnection> ssoActiveConnections,
            String ssoDefaultConnectionId,
            String emailJitProvisioning,
            List<String> emailAllowedDomains,
            String oauthTenantJitProvisioning,
            Object allowedOauthTenants,
            String authMethods,
            List<String> allowedAuthMethods,
            String mfaPolicy) {
        static BySlug of(Organization o) {
            OrganizationSettings s = o.settings();
            return new BySlug(
                    o.id(),
                    o.name(),
                    o.slug(),
                    o.logoUrl(),
                    o.ssoActiveConnections(),
                    s.ssoDefaultConnectionId(),
                    s.emailJitProvisioning(),
                    s.emailAllowedDomains(),
                    s.oauthTenantJitProvisioning(),
                    s.allowedOauthTenants(),
                    s.authMethods(),
                    s.allowedAuthMethods(),
                    s.mfaPolicy());
        }
    }

    record SearchResponse(List<OrganizationJson> organizations, ResultsMetadata resultsMetadata) {}

    /** {@code {total, next_cursor}} of a search page. */
    public record ResultsMetadata(int total, String nextCursor) {}
}
