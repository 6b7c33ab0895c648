package dev.latchkey.organization;

import dev.latchkey.project.Project;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The role ids a member of an organization may be given: the project's RBAC policy and the organization's custom
 * roles. Organizations and members sit below {@code rbac/} (DESIGN.md), so they ask through this interface, which
 * {@code rbac.ProjectPolicies} implements and the wiring hands them.
 */
@FunctionalInterface
public interface RoleCatalog {
    /**
     * The role ids defined for {@code org} (its custom roles included), or for the project alone when {@code org} is
     * null (an organization being created). Reads through {@code h} on a cache miss.
     */
    Set<String> roleIds(Handle h, Project project, Organization org);
}
