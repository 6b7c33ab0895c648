package dev.latchkey.rbac;

import dev.latchkey.rbac.Policy.Permission;
import dev.latchkey.rbac.Policy.PolicyResource;
import dev.latchkey.rbac.Policy.PolicyRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stytch's default RBAC policy (RBAC_SCIM_M2M.md §1.2, §1.3): the {@code stytch.*} resources with their current,
 * hyphenated actions, and the roles {@code stytch_member} and {@code stytch_admin}. A project's custom policy is
 * added to it by {@link #with}; the defaults themselves are never stored, so a later Latchkey that learns a new
 * default action gives it to every project.
 */
public final class DefaultPolicy {
    public static final String STYTCH_MEMBER = "stytch_member";
    public static final String STYTCH_ADMIN = "stytch_admin";

    /** Prefix reserved for Stytch's resources; custom resource ids may not start with it (§1.1). */
    static final String RESERVED_RESOURCE_PREFIX = "stytch";

    /** Prefix reserved for Stytch's roles. */
    static final String RESERVED_ROLE_PREFIX = "stytch_";

    public static final List<PolicyResource> RESOURCES = List.of(
            new PolicyResource(
                    "stytch.organization",
                    "Standard Stytch resource type for Organizations: their info and settings.",
                    List.of(
                            "update.info.name",
                            "update.info.slug",
                            "update.info.logo-url",
                            "update.settings.allowed-auth-methods",
                            "update.settings.allowed-mfa-methods",
                            "update.settings.email-jit-provisioning",
                            "update.settings.email-invites",
                            "update.settings.allowed-domains",
                            "update.settings.default-sso-connection",
                            "update.settings.sso-jit-provisioning",
                            "update.settings.mfa-policy",
                            "update.settings.implicit-roles",
                            "update.settings.oauth-tenant-jit-provisioning",
                            "update.settings.allowed-oauth-tenants",
                            "delete")),
            new PolicyResource(
                    "stytch.member",
                    "Standard Stytch resource type for the Members of an Organization.",
                    List.of(
                            "create",
                            "update.info.name",
                            "update.info.email",
                            "update.info.untrusted-metadata",
                            "update.info.mfa-phone",
                            "update.info.delete.mfa-phone",
                            "update.info.delete.mfa-totp",
                            "update.info.delete.password",
                            "update.info.unlink.retired-email",
                            "update.settings.is-breakglass",
                            "update.settings.mfa-enrolled",
                            "update.settings.default-mfa-method",
                            "update.settings.roles",
                            "search",
                            "delete",
                            "revoke-sessions",
                            "get.connected-apps",
                            "revoke.connected-app")),
            new PolicyResource(
                    "stytch.self",
                    "Standard Stytch resource type for a Member acting on themselves.",
                    List.of(
                            "update.info.name",
                            "update.info.email",
                            "update.info.untrusted-metadata",
                            "update.info.mfa-phone",
                            "update.info.delete.mfa-phone",
                            "update.info.delete.mfa-totp",
                            "update.info.delete.password",
                            "update.info.unlink.retired-email",
                            "update.settings.mfa-enrolled",
                            "update.settings.default-mfa-method",
                            "delete",
                            "revoke-sessions",
                            "get.connected-apps",
                            "revoke.connected-app")),
            new PolicyResource(
                    "stytch.sso",
                    "Standard Stytch resource type for SSO connections.",
                    List.of("create", "get", "update", "delete")),
            new PolicyResource(
                    "stytch.scim",
                    "Standard Stytch resource type for SCIM connections.",
                    List.of("create", "get", "update", "delete")),
            new PolicyResource(
                    "stytch.custom-org-roles",
                    "Standard Stytch resource type for an Organization's custom roles.",
                    List.of("create", "get", "update", "delete")));

    public static final PolicyRole MEMBER_ROLE = new PolicyRole(
            STYTCH_MEMBER,
            "Granted to all Members upon creation; grants permissions already implicitly granted to logged in Members"
                    + " via the SDK. Cannot be deleted.",
            List.of(new Permission("stytch.self", List.of(Policy.ANY_ACTION))));

    public static final PolicyRole ADMIN_ROLE = new PolicyRole(
            STYTCH_ADMIN,
            "Granted to Members who create an Organization through the Discovery flow. Admins will have all"
                    + " permissions on all Stytch resources by default.",
            List.of(
                    new Permission("stytch.organization", List.of(Policy.ANY_ACTION)),
                    new Permission("stytch.member", List.of(Policy.ANY_ACTION)),
                    new Permission("stytch.sso", List.of(Policy.ANY_ACTION)),
                    new Permission("stytch.scim", List.of(Policy.ANY_ACTION))));

    /** The policy of a project that has not set one. */
    public static final Policy POLICY = new Policy(List.of(MEMBER_ROLE, ADMIN_ROLE), RESOURCES, List.of());

    private DefaultPolicy() {}

    /**
     * The defaults with a (validated) custom policy added: its {@code stytch_member} / {@code stytch_admin} replace
     * the defaults' in place, its other roles follow them, its resources follow the {@code stytch.*} ones.
     */
    public static Policy with(Policy custom) {
        PolicyRole member = MEMBER_ROLE;
        PolicyRole admin = ADMIN_ROLE;
        List<PolicyRole> others = new ArrayList<>();
        for (PolicyRole r : custom.roles()) {
            switch (r.roleId()) {
                case STYTCH_MEMBER -> member = r;
                case STYTCH_ADMIN -> admin = r;
                default -> others.add(r);
            }
        }
        List<PolicyRole> roles = new ArrayList<>(List.of(member, admin));
        roles.addAll(others);
        List<PolicyResource> resources = new ArrayList<>(RESOURCES);
        custom.resources().stream()
                .filter(r -> !isDefaultResource(r.resourceId()))
                .forEach(resources::add);
        return new Policy(roles, resources, custom.scopes());
    }

    static boolean isDefaultRole(String roleId) {
        return STYTCH_MEMBER.equals(roleId) || STYTCH_ADMIN.equals(roleId);
    }

    static boolean isDefaultResource(String resourceId) {
        return RESOURCES.stream().anyMatch(r -> r.resourceId().equals(resourceId));
    }

    static PolicyResource defaultResource(String resourceId) {
        return RESOURCES.stream()
                .filter(r -> r.resourceId().equals(resourceId))
                .findFirst()
                .orElse(null);
    }

    static boolean hasReservedResourcePrefix(String resourceId) {
        return resourceId.toLowerCase(Locale.ROOT).startsWith(RESERVED_RESOURCE_PREFIX);
    }

    static PolicyRole defaultRole(String roleId) {
        return STYTCH_MEMBER.equals(roleId) ? MEMBER_ROLE : ADMIN_ROLE;
    }
}
