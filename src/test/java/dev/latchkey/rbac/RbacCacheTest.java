package dev.latchkey.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.Project;
import dev.latchkey.testing.Eventually;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The policy is cached per node for a second; a change to the project's policy or to an organization's custom
 * roles is seen at once on the node that made it and within a second on another node of the same database.
 */
class RbacCacheTest {
    @Test
    void policyAndOrganizationRoleChangesReachAnotherNodeWithinASecond() {
        try (TestServer server = new TestServer();
                TestServer other = new TestServer(Map.of("LATCHKEY_DATABASE_URL", server.databaseUrl))) {
            Project project = server.project.project();
            String org = server.call(
                            "POST",
                            "/v1/b2b/organizations",
                            "{\"organization_name\":\"Cached\",\"organization_slug\":\"cached\"}")
                    .at("/organization/organization_id");
            RbacPolicies here = server.app.services().rbac();
            RbacPolicies there = other.app.services().rbac();
            // Both nodes cache the defaults and the organization's (empty) roles.
            assertThat(roleIds(there.effective(project, org))).containsExactly("stytch_member", "stytch_admin");
            assertThat(roleIds(here.effective(project, org))).containsExactly("stytch_member", "stytch_admin");

            server.app.services().projectPolicies().set(project.id(), PolicyRulesTest.parse(PolicyRulesTest.EDITOR));

            assertThat(roleIds(here.policy(project))).contains("editor");
            long start = System.nanoTime();
            Eventually.within(Duration.ofSeconds(1), "the other node to see the new policy", () -> roleIds(
                            there.effective(project, org))
                    .contains("editor"));

            here.setOrganizationRoles(
                    project,
                    org,
                    List.of(new Policy.PolicyRole(
                            "reviewer", "", List.of(new Policy.Permission("documents", List.of("read"))))));

            assertThat(here.effective(project, org).grantingRoles(Set.of("reviewer"), "documents", "read"))
                    .containsExactly("reviewer");
            Eventually.within(
                    Duration.ofSeconds(1), "the other node to see the organization's new role", () -> !there.effective(
                                    project, org)
                            .grantingRoles(Set.of("reviewer"), "documents", "read")
                            .isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static List<String> roleIds(Policy p) {
        return p.roles().stream().map(Policy.PolicyRole::roleId).toList();
    }
}
