package dev.latchkey.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A project's RBAC policy in the shape {@code GET /v1/b2b/rbac/policy} returns (RBAC_SCIM_M2M.md §1.1): roles with
 * their permissions, the resources they name, and OAuth scopes. An organization's custom roles are added to the
 * project's with {@link #withRoles}; authorization reads only {@code roles}, as the SDK's local check does.
 */
public record Policy(List<PolicyRole> roles, List<PolicyResource> resources, List<PolicyScope> scopes) {
    /** The wildcard action: every action on the resource. There is no wildcard resource. */
    public static final String ANY_ACTION = "*";

    public Policy {
        roles = List.copyOf(roles);
        resources = List.copyOf(resources);
        scopes = List.copyOf(scopes);
    }

    /**
     * The roles among {@code roleIds} that grant {@code action} on {@code resourceId} (an exact resource match, and
     * the action itself or {@code "*"} among the permission's actions), in policy order; empty when none does.
     */
    public List<String> grantingRoles(Collection<String> roleIds, String resourceId, String action) {
        List<String> granting = new ArrayList<>();
        for (PolicyRole role : roles) {
            if (roleIds.contains(role.roleId())
                    && role.grants(resourceId, action)
                    && !granting.contains(role.roleId())) {
                granting.add(role.roleId());
            }
        }
        return granting;
    }

    /** This policy with more roles (an organization's custom roles) after its own. */
    public Policy withRoles(List<PolicyRole> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<PolicyRole> all = new ArrayList<>(roles);
        all.addAll(more);
        return new Policy(all, resources, scopes);
    }

    /** {@code {role_id, description, permissions}}. */
    public record PolicyRole(String roleId, String description, List<Permission> permissions) {
        public PolicyRole {
            permissions = List.copyOf(permissions);
        }

        boolean grants(String resourceId, String action) {
            for (Permission p : permissions) {
                if (p.resourceId().equals(resourceId)
                        && (p.actions().contains(action) || p.actions().contains(ANY_ACTION))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code {resource_id, actions}}: the actions a role or scope may take on one resource. */
    public record Permission(String resourceId, List<String> actions) {
        public Permission {
            actions = List.copyOf(actions);
        }
    }

    /** {@code {resource_id, description, actions}}. */
    public record PolicyResource(String resourceId, String description, List<String> actions) {
        public PolicyResource {
            actions = List.copyOf(actions);
        }
    }

    /** {@code {scope, description, permissions}}: an OAuth scope (Connected Apps), not an M2M scope. */
    public record PolicyScope(String scope, String description, List<Permission> permissions) {
        public PolicyScope {
            permissions = List.copyOf(permissions);
        }
    }
}
