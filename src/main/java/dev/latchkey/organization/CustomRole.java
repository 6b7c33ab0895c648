package dev.latchkey.organization;

import java.util.List;

/**
 * A role defined for one organization only (RBAC_SCIM_M2M.md §1.5), as {@code Organization.custom_roles} shows it.
 * Validated against the project's policy by {@code rbac.RbacPolicies} before it is stored here.
 */
public record CustomRole(String roleId, String description, List<Permission> permissions) {
    public CustomRole {
        permissions = List.copyOf(permissions);
    }

    /** {@code {resource_id, actions}}. */
    public record Permission(String resourceId, List<String> actions) {
        public Permission {
            actions = List.copyOf(actions);
        }
    }
}
