package dev.latchkey.rbac;

import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.rbac.Policy.PolicyRole;
import java.util.List;

/**
 * {@code /v1/b2b/rbac}: the project's policy and organizations' custom roles (RBAC_SCIM_M2M.md §1.4, §1.5), as the
 * SDKs' local authorization fetches them (§1.10). Backend only; the browser SDK gets the policy in its bootstrap.
 */
public final class RbacRoutes implements FeatureRoutes {
    private final RbacPolicies policies;

    public RbacRoutes(RbacPolicies policies) {
        this.policies = policies;
    }

    /**
     * {@code GET /v1/b2b/rbac/policy} (RBAC: none, project authority only); {@code GET
     * /v1/b2b/rbac/organizations/{organization_id}} (RBAC: none in Stytch's material; the Admin Portal gates it on
     * {@code stytch.custom-org-roles get}); {@code PUT} the same (RBAC: {@code stytch.custom-org-roles update}, an
     * assumption from the Admin Portal's gate; Stytch documents no member-session header for it).
     */
    @Override
    public void addTo(ApiRouter r) {
        r.get("/v1/b2b/rbac/policy", call -> new PolicyResponse(policies.policy(call.project())));
        r.get(
                "/v1/b2b/rbac/organizations/{organization_id}",
                call -> new OrgPolicyResponse(
                        new OrgPolicy(policies.organizationRoles(call.project(), call.path("organization_id")))));
        r.put(
                "/v1/b2b/rbac/organizations/{organization_id}",
                call -> new OrgPolicyResponse(new OrgPolicy(policies.setOrganizationRoles(
                        call.project(),
                        call.path("organization_id"),
                        PolicyDocument.orgRoles(call.body().raw("org_policy"))))));
    }

    record PolicyResponse(Policy policy) {}

    record OrgPolicyResponse(OrgPolicy orgPolicy) {}

    /** {@code {roles}}: an organization's custom roles. */
    record OrgPolicy(List<PolicyRole> roles) {}
}
