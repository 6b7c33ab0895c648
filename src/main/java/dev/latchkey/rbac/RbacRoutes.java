package dev.latchkey.rbac;

import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
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
     * {@code GET /v1/b2b/rbac/policy} and the organization's custom roles: project authority, as the Node SDK reads
     * them for local authorization. Replacing an organization's roles with the member-session headers needs
     * {@code stytch.custom-org-roles update}, the Admin Portal's gate (Stytch documents none for the API).
     */
    @Override
    public void declare(Endpoints e) {
        e.get("/v1/b2b/rbac/policy").to(call -> new PolicyResponse(policies.policy(call.project())));
        e.get("/v1/b2b/rbac/organizations/{organization_id}")
                .to(call -> new OrgPolicyResponse(
                        new OrgPolicy(policies.organizationRoles(call.project(), call.organizationId()))));
        e.put("/v1/b2b/rbac/organizations/{organization_id}")
                .gate(Gate.of("stytch.custom-org-roles", "update"))
                .to(call -> new OrgPolicyResponse(new OrgPolicy(policies.setOrganizationRoles(
                        call.project(),
                        call.organizationId(),
                        PolicyDocument.orgRoles(call.body().raw("org_policy"))))));
    }

    record PolicyResponse(Policy policy) {}

    record OrgPolicyResponse(OrgPolicy orgPolicy) {}

    /** {@code {roles}}: an organization's custom roles. */
    record OrgPolicy(List<PolicyRole> roles) {}
}
