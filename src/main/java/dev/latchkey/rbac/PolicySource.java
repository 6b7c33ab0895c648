package dev.latchkey.rbac;

import dev.latchkey.project.Project;

/**
 * Where authorization reads the policy that applies in one organization: the project's policy (Stytch's defaults or
 * the project's custom policy) with that organization's custom roles added.
 */
@FunctionalInterface
public interface PolicySource {
    Policy effective(Project project, String organizationId);
}
