package dev.latchkey.rbac;

import dev.latchkey.organization.CustomRole;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.rbac.Policy.Permission;
import dev.latchkey.rbac.Policy.PolicyRole;
import dev.latchkey.store.Change;
import dev.latchkey.store.Database;
import dev.latchkey.store.ReadCache;
import java.util.List;

/**
 * The policy that applies in an organization (the {@link PolicySource} authorization asks): the project's policy
 * ({@link ProjectPolicies}) with the organization's custom roles added, and the reading and replacing of those roles
 * (RBAC_SCIM_M2M.md §1.5). An organization's roles are cached per node for at most {@link ProjectPolicies#CACHE_TTL};
 * a change to the organization drops them at once here and, by V13's trigger, on the other nodes.
 */
public final class RbacPolicies implements PolicySource {
    private static final int CACHE_ENTRIES = 10_000;

    private final Database db;
    private final ProjectPolicies projects;
    private final OrganizationService organizations;
    private final ReadCache<OrgKey, OrgRoles> byOrganization =
            new ReadCache<>(ProjectPolicies.CACHE_TTL, CACHE_ENTRIES);

    private record OrgKey(String projectId, String organizationId) {}

    private record OrgRoles(String organizationId, List<PolicyRole> roles) {}

    public RbacPolicies(Database db, ProjectPolicies projects, OrganizationService organizations) {
        this.db = db;
        this.projects = projects;
        this.organizations = organizations;
        db.changes()
                .subscribe(change ->
                        byOrganization.evictIf(o -> change.concerns(Change.Kind.ORGANIZATION, o.organizationId())));
    }

    /** The project's policy (defaults and its custom policy), without any organization's roles. */
    public Policy policy(Project project) {
        return projects.policy(project);
    }

    /** The project's policy with the custom roles of the organization with this id (none if there is none). */
    @Override
    public Policy effective(Project project, String organizationId) {
        OrgRoles org = byOrganization.get(new OrgKey(project.id(), organizationId), k -> db.withHandle(
                        h -> organizations.find(h, project, organizationId))
                .filter(o -> o.id().equals(organizationId))
                .map(o -> new OrgRoles(o.id(), roles(o)))
                .orElse(null));
        return org == null ? projects.policy(project) : projects.policy(project).withRoles(org.roles());
    }

    /**
     * The custom roles of the organization with this id, slug or external id; {@code organization_not_found}
     * otherwise. An organization without any has an empty list, never an error: the SDKs' local check fetches it
     * for every organization (§1.10).
     */
    public List<PolicyRole> organizationRoles(Project project, String organizationKey) {
        return roles(organizations.get(project, organizationKey));
    }

    /**
     * Replaces the organization's custom roles, after {@link PolicyRules#organizationRoles} against the project's
     * policy; the project's policy is unchanged. Returns the roles now in force.
     */
    public List<PolicyRole> setOrganizationRoles(Project project, String organizationKey, List<PolicyRole> roles) {
        List<PolicyRole> valid = PolicyRules.organizationRoles(roles, projects.policy(project));
        return db.inTransaction(h -> roles(organizations.setCustomRoles(
                h,
                project,
                organizationKey,
                valid.stream().map(RbacPolicies::customRole).toList())));
    }

    private static List<PolicyRole> roles(Organization org) {
        return org.customRoles().stream()
                .map(r -> new PolicyRole(
                        r.roleId(),
                        r.description(),
                        r.permissions().stream()
                                .map(p -> new Permission(p.resourceId(), p.actions()))
                                .toList()))
                .toList();
    }

    private static CustomRole customRole(PolicyRole r) {
        return new CustomRole(
                r.roleId(),
                r.description(),
                r.permissions().stream()
                        .map(p -> new CustomRole.Permission(p.resourceId(), p.actions()))
                        .toList());
    }
}
