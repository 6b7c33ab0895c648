package dev.latchkey.rbac;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.rbac.Policy.Permission;
import dev.latchkey.rbac.Policy.PolicyResource;
import dev.latchkey.rbac.Policy.PolicyRole;
import dev.latchkey.rbac.Policy.PolicyScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a custom policy and an organization's custom roles must follow (RBAC_SCIM_M2M.md §1.1–§1.5), each
 * broken rule an {@link ApiException} with Stytch's error name and a message naming the role, resource or scope.
 * The limits are in docs/security.md ("RBAC policy").
 */
public final class PolicyRules {
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_DESCRIPTION_LENGTH = 1000;
    static final int MAX_ROLES = 500;
    static final int MAX_RESOURCES = 500;
    static final int MAX_SCOPES = 500;
    static final int MAX_ACTIONS = 200;
    static final int MAX_ORG_ROLES = 100;

    /** Role ids: letters, digits and {@code _ - . :}; Stytch's own start with {@code stytch_}. */
    private static final Pattern ROLE_ID = Pattern.compile("[A-Za-z0-9_.:\\-]+");

    /** Resource ids and actions: printable ASCII without spaces, quotes, commas or {@code *}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/\\-]+");

    /** RFC 6749 §3.3 {@code scope-token}: %x21 / %x23-5B / %x5D-7E. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    /** OpenID Connect's scopes, which a Connected App always understands as OIDC's. */
    private static final Set<String> RESERVED_SCOPES = Set.of("openid", "profile", "email", "phone", "offline_access");

    private PolicyRules() {}

    /**
     * A project's custom policy, checked and normalised for storage: Stytch's resources dropped (a document read
     * from {@code GET /v1/b2b/rbac/policy} lists them; they may appear only unchanged), an edited
     * {@code stytch_member} / {@code stytch_admin} kept with its default description if it has none. The defaults'
     * roles cannot be removed: a document without them keeps them as they are.
     */
    public static Policy project(Policy p) {
        max(p.roles().size(), MAX_ROLES, ErrorType.TOO_MANY_ROLES, "roles");
        max(p.resources().size(), MAX_RESOURCES, ErrorType.INVALID_REQUEST_VALUE, "resources");
        max(p.scopes().size(), MAX_SCOPES, ErrorType.INVALID_REQUEST_VALUE, "scopes");
        Map<String, PolicyResource> resources = new HashMap<>();
        DefaultPolicy.RESOURCES.forEach(r -> resources.put(r.resourceId(), r));
        List<PolicyResource> custom = new ArrayList<>();
        Set<String> seenResources = new HashSet<>();
        for (PolicyResource r : p.resources()) {
            resource(r);
            if (!seenResources.add(r.resourceId())) {
                throw error(ErrorType.RBAC_RESOURCE_DUPLICATE, "resource " + r.resourceId() + " is listed twice");
            }
            PolicyResource stytch = DefaultPolicy.defaultResource(r.resourceId());
            if (stytch != null) {
                if (!Set.copyOf(stytch.actions()).equals(Set.copyOf(r.actions()))) {
                    throw error(
                            ErrorType.INVALID_REQUEST_VALUE,
                            r.resourceId() + " is a Stytch resource: its actions cannot be changed (leave it out)");
                }
                continue;
            }
            if (DefaultPolicy.hasReservedResourcePrefix(r.resourceId())) {
                throw error(
                        ErrorType.INVALID_REQUEST_VALUE,
                        "custom resource_id " + r.resourceId() + " may not start with 'stytch'");
            }
            resources.put(r.resourceId(), r);
            custom.add(r);
        }
        List<PolicyRole> roles = new ArrayList<>();
        Set<String> seenRoles = new HashSet<>();
        for (PolicyRole r : p.roles()) {
            roleId(r.roleId(), seenRoles);
            boolean stytch = DefaultPolicy.isDefaultRole(r.roleId());
            if (!stytch && r.roleId().startsWith(DefaultPolicy.RESERVED_ROLE_PREFIX)) {
                throw error(
                        ErrorType.INVALID_RBAC_ROLE_ID,
                        "role_id " + r.roleId() + ": ids starting with 'stytch_' are reserved for Stytch's roles");
            }
            description(r.description(), "role " + r.roleId());
            if (!stytch && r.permissions().isEmpty()) {
                throw error(ErrorType.RBAC_ROLE_MISSING_PERMISSIONS, "role " + r.roleId() + " has no permissions");
            }
            permissions(
                    r.permissions(),
                    resources,
                    "role " + r.roleId(),
                    stytch ? ErrorType.INVALID_RBAC_STYTCH_ROLE_EDIT : ErrorType.INVALID_RBAC_CUSTOM_ROLE);
            roles.add(
                    stytch && r.description().isEmpty()
                            ? new PolicyRole(
                                    r.roleId(),
                                    DefaultPolicy.defaultRole(r.roleId()).description(),
                                    r.permissions())
                            : r);
        }
        Set<String> seenScopes = new HashSet<>();
        for (PolicyScope s : p.scopes()) {
            scope(s, seenScopes);
            permissions(s.permissions(), resources, "scope " + s.scope(), ErrorType.INVALID_RBAC_SCOPE);
        }
        return new Policy(roles, custom, p.scopes());
    }

    /**
     * An organization's custom roles against its project's policy (§1.5): only custom roles
     * ({@code rbac_org_custom_roles_only}), ids not already roles of the project ({@code rbac_role_duplicate}),
     * permissions on the project's resources with their actions.
     */
    public static List<PolicyRole> organizationRoles(List<PolicyRole> roles, Policy project) {
        max(roles.size(), MAX_ORG_ROLES, ErrorType.TOO_MANY_ROLES, "organization custom roles");
        Map<String, PolicyResource> resources = new HashMap<>();
        project.resources().forEach(r -> resources.put(r.resourceId(), r));
        Set<String> projectRoles = new HashSet<>();
        project.roles().forEach(r -> projectRoles.add(r.roleId()));
        Set<String> seen = new HashSet<>();
        for (PolicyRole r : roles) {
            if (r.roleId().startsWith(DefaultPolicy.RESERVED_ROLE_PREFIX)) {
                throw error(
                        ErrorType.RBAC_ORG_CUSTOM_ROLES_ONLY,
                        "role " + r.roleId() + ": an organization defines custom roles only, not Stytch's");
            }
            roleId(r.roleId(), seen);
            if (projectRoles.contains(r.roleId())) {
                throw error(
                        ErrorType.RBAC_ROLE_DUPLICATE,
                        "role " + r.roleId() + " is already a role of the project's policy");
            }
            description(r.description(), "role " + r.roleId());
            if (r.permissions().isEmpty()) {
                throw error(ErrorType.RBAC_ROLE_MISSING_PERMISSIONS, "role " + r.roleId() + " has no permissions");
            }
            permissions(r.permissions(), resources, "role " + r.roleId(), ErrorType.INVALID_RBAC_CUSTOM_ROLE);
        }
        return List.copyOf(roles);
    }

    private static void resource(PolicyResource r) {
        String id = r.resourceId();
        if (id.isEmpty()) {
            throw error(ErrorType.EMPTY_RBAC_RESOURCE_ID, "a resource has no resource_id");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw error(ErrorType.RBAC_RESOURCE_ID_TOO_LONG, "resource_id " + id + " is longer than 128 characters");
        }
        if (!NAME.matcher(id).matches()) {
            throw error(
                    ErrorType.INVALID_REQUEST_VALUE,
                    "resource_id '" + id + "' may hold only letters, digits and _ . : / -");
        }
        description(r.description(), "resource " + id);
        if (r.actions().isEmpty()) {
            throw error(ErrorType.RBAC_RESOURCE_MISSING_ACTIONS, "resource " + id + " has no actions");
        }
        max(r.actions().size(), MAX_ACTIONS, ErrorType.INVALID_REQUEST_VALUE, "actions of resource " + id);
        Set<String> seen = new HashSet<>();
        for (String a : r.actions()) {
            if (a.contains(Policy.ANY_ACTION)) {
                throw error(
                        ErrorType.INVALID_WILDCARD_ACTION,
                        "resource " + id + ": '*' means every action in a permission; it cannot be declared as one");
            }
            if (a.length() > MAX_ID_LENGTH) {
                throw error(ErrorType.RBAC_ACTION_TOO_LONG, "action " + a + " is longer than 128 characters");
            }
            if (!NAME.matcher(a).matches()) {
                throw error(
                        ErrorType.INVALID_REQUEST_VALUE,
                        "resource " + id + ": action '" + a + "' may hold only letters, digits and _ . : / -");
            }
            if (!seen.add(a)) {
                throw error(ErrorType.RBAC_ACTION_DUPLICATE, "resource " + id + " lists action " + a + " twice");
            }
        }
    }

    private static void roleId(String id, Set<String> seen) {
        if (id.isEmpty()) {
            throw error(ErrorType.EMPTY_RBAC_ROLE_ID, "a role has no role_id");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw error(ErrorType.RBAC_ROLE_ID_TOO_LONG, "role_id " + id + " is longer than 128 characters");
        }
        if (!ROLE_ID.matcher(id).matches()) {
            throw error(
                    ErrorType.INVALID_RBAC_ROLE_ID, "role_id '" + id + "' may hold only letters, digits and _ . : -");
        }
        if (!seen.add(id)) {
            throw error(ErrorType.RBAC_ROLE_DUPLICATE, "role " + id + " is listed twice");
        }
    }

    private static void scope(PolicyScope s, Set<String> seen) {
        String scope = s.scope();
        if (scope.isEmpty()) {
            throw error(ErrorType.EMPTY_RBAC_SCOPE, "a scope has no name");
        }
        if (scope.length() > MAX_ID_LENGTH) {
            throw error(ErrorType.RBAC_SCOPE_TOO_LONG, "scope " + scope + " is longer than 128 characters");
        }
        if (!SCOPE_TOKEN.matcher(scope).matches()) {
            throw error(
                    ErrorType.INVALID_RBAC_SCOPE,
                    "scope '" + scope + "' is not an OAuth scope token (RFC 6749 §3.3: no spaces, quotes or \\)");
        }
        if (RESERVED_SCOPES.contains(scope)) {
            throw error(ErrorType.RBAC_RESERVED_SCOPE, "scope " + scope + " is reserved by OpenID Connect");
        }
        if (!seen.add(scope)) {
            throw error(ErrorType.RBAC_SCOPE_DUPLICATE, "scope " + scope + " is listed twice");
        }
        description(s.description(), "scope " + scope);
        if (s.permissions().isEmpty()) {
            throw error(ErrorType.RBAC_SCOPE_MISSING_PERMISSIONS, "scope " + scope + " has no permissions");
        }
    }

    /** Each permission names a known resource once, with some of its actions, or {@code "*"} alone. */
    private static void permissions(
            List<Permission> permissions, Map<String, PolicyResource> resources, String owner, ErrorType unknown) {
        Set<String> seen = new HashSet<>();
        for (Permission p : permissions) {
            PolicyResource resource = resources.get(p.resourceId());
            if (resource == null) {
                throw error(unknown, owner + ": resource " + p.resourceId() + " is not a resource of the policy");
            }
            if (!seen.add(p.resourceId())) {
                throw error(
                        ErrorType.RBAC_RESOURCE_DUPLICATE,
                        owner + ": resource " + p.resourceId() + " has two permissions; merge their actions");
            }
            if (p.actions().isEmpty()) {
                throw error(
                        ErrorType.RBAC_PERMISSION_MISSING_ACTIONS,
                        owner + ": the permission on " + p.resourceId() + " has no actions");
            }
            // RBAC_SCIM_M2M.md §1.1: "*" is every action, so it stands alone.
            if (p.actions().contains(Policy.ANY_ACTION) && p.actions().size() > 1) {
                throw error(
                        ErrorType.CANNOT_SPECIFY_WILDCARD_WITH_OTHER_ACTIONS,
                        owner + ": on " + p.resourceId() + ", '*' must be the only action");
            }
            Set<String> actions = new HashSet<>();
            for (String a : p.actions()) {
                if (!a.equals(Policy.ANY_ACTION) && !resource.actions().contains(a)) {
                    throw error(unknown, owner + ": " + a + " is not an action of resource " + p.resourceId());
                }
                if (!actions.add(a)) {
                    throw error(
                            ErrorType.RBAC_ACTION_DUPLICATE,
                            owner + ": action " + a + " is listed twice on " + p.resourceId());
                }
            }
        }
    }

    private static void description(String description, String owner) {
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw error(ErrorType.RBAC_DESCRIPTION_TOO_LONG, owner + ": description is longer than 1000 characters");
        }
    }

    private static void max(int count, int max, ErrorType type, String what) {
        if (count > max) {
            throw error(type, "at most " + max + " " + what + " are allowed");
        }
    }

    private static ApiException error(ErrorType type, String message) {
        return new ApiException(type, message + ".");
    }
}
