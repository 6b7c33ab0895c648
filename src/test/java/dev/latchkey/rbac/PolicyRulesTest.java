package dev.latchkey.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.error.ApiException;
import dev.latchkey.rbac.Policy.PolicyRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default policy, custom policies and organization roles: what they grant and what they may not say. */
class PolicyRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A custom resource {@code documents} and a role {@code editor} on it, as a policy file would say. */
    static final String EDITOR =
            """
            {"resources":[{"resource_id":"documents","description":"Docs","actions":["read","write","delete"]}],
             "roles":[{"role_id":"editor","description":"Edits","permissions":[
                {"resource_id":"documents","actions":["read","write"]},
                {"resource_id":"stytch.member","actions":["search"]}]}],
             "scopes":[{"scope":"read:docs","description":"Read docs","permissions":[
                {"resource_id":"documents","actions":["read"]}]}]}""";

    static Policy parse(String json) {
        try {
            return PolicyDocument.parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Policy custom(String json) {
        return DefaultPolicy.with(PolicyRules.project(parse(json)));
    }

    @Test
    void defaultsGrantAdminsTheStytchResourcesAndMembersOnlyThemselves() {
        Policy p = DefaultPolicy.POLICY;
        Set<String> both = Set.of("stytch_member", "stytch_admin");

        assertThat(p.roles()).extracting(PolicyRole::roleId).containsExactly("stytch_member", "stytch_admin");
        assertThat(p.grantingRoles(both, "stytch.member", "update.settings.roles"))
                .containsExactly("stytch_admin");
        assertThat(p.grantingRoles(Set.of("stytch_member"), "stytch.member", "delete"))
                .isEmpty();
        assertThat(p.grantingRoles(both, "stytch.self", "revoke-sessions")).containsExactly("stytch_member");
        assertThat(p.grantingRoles(both, "stytch.custom-org-roles", "get")).isEmpty();
        assertThat(p.grantingRoles(both, "stytch.organization", "update.settings.implicit-roles"))
                .containsExactly("stytch_admin");
        assertThat(DefaultPolicy.MEMBER_ROLE.description()).startsWith("Granted to all Members upon creation");
    }

    @Test
    void customPolicyAddsRolesResourcesAndScopesAfterTheDefaults() {
        Policy p = custom(EDITOR);

        assertThat(p.roles()).extracting(PolicyRole::roleId).containsExactly("stytch_member", "stytch_admin", "editor");
        assertThat(p.resources()).extracting(Policy.PolicyResource::resourceId).endsWith("documents");
        assertThat(p.resources()).hasSize(DefaultPolicy.RESOURCES.size() + 1);
        assertThat(p.scopes()).extracting(Policy.PolicyScope::scope).containsExactly("read:docs");
        assertThat(p.grantingRoles(Set.of("stytch_member", "editor"), "documents", "write"))
                .containsExactly("editor");
        assertThat(p.grantingRoles(Set.of("editor"), "documents", "delete")).isEmpty();
        assertThat(p.grantingRoles(Set.of("editor"), "stytch.member", "search")).containsExactly("editor");
    }

    @Test
    void editedStytchMemberReplacesTheDefaultAndKeepsItsDescription() {
        Policy p = custom(
                """
                {"roles":[{"role_id":"stytch_member","permissions":[{"resource_id":"stytch.self","actions":["delete"]}]}]}""");

        assertThat(p.roles()).extracting(PolicyRole::roleId).containsExactly("stytch_member", "stytch_admin");
        assertThat(p.roles().get(0).description()).isEqualTo(DefaultPolicy.MEMBER_ROLE.description());
        assertThat(p.grantingRoles(Set.of("stytch_member"), "stytch.self", "delete"))
                .containsExactly("stytch_member");
        assertThat(p.grantingRoles(Set.of("stytch_member"), "stytch.self", "update.info.name"))
                .isEmpty();
        assertThat(p.roles().get(1)).isEqualTo(DefaultPolicy.ADMIN_ROLE);
    }

    @Test
    void organizationRolesAddToTheProjectPolicyForThatOrganizationOnly() {
        Policy project = custom(EDITOR);
        List<PolicyRole> org = PolicyRules.organizationRoles(
                List.of(new PolicyRole(
                        "reviewer", "", List.of(new Policy.Permission("documents", List.of(Policy.ANY_ACTION))))),
                project);

        Policy effective = project.withRoles(org);

        assertThat(effective.grantingRoles(Set.of("reviewer", "editor"), "documents", "delete"))
                .containsExactly("reviewer");
        assertThat(effective.grantingRoles(Set.of("reviewer", "editor"), "documents", "read"))
                .containsExactly("editor", "reviewer");
        assertThat(project.grantingRoles(Set.of("reviewer"), "documents", "delete"))
                .isEmpty();
    }

    @Test
    void documentAsReturnedByGetPolicyIsAcceptedAsItIs() throws IOException {
        String response = JSON.writeValueAsString(java.util.Map.of(
                "request_id",
                "r",
                "status_code",
                200,
                "policy",
                JSON.readTree(dev.latchkey.store.JsonColumns.write(custom(EDITOR)))));

        Policy again = custom(response);

        assertThat(again).isEqualTo(custom(EDITOR));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            unknown resource in a role    | {"roles":[{"role_id":"r","permissions":[{"resource_id":"nope","actions":["read"]}]}]} | invalid_rbac_custom_role
            action not of the resource    | {"roles":[{"role_id":"r","permissions":[{"resource_id":"stytch.member","actions":["fly"]}]}]} | invalid_rbac_custom_role
            wildcard with other actions   | {"roles":[{"role_id":"r","permissions":[{"resource_id":"stytch.member","actions":["*","search"]}]}]} | cannot_specify_wildcard_with_other_actions
            custom resource named stytch  | {"resources":[{"resource_id":"stytch.docs","actions":["read"]}]} | invalid_request_value
            Stytch resource changed       | {"resources":[{"resource_id":"stytch.sso","actions":["get"]}]} | invalid_request_value
            duplicate resource            | {"resources":[{"resource_id":"d","actions":["a"]},{"resource_id":"d","actions":["a"]}]} | rbac_resource_duplicate
            duplicate role                | {"roles":[{"role_id":"r","permissions":[{"resource_id":"stytch.self","actions":["*"]}]},{"role_id":"r","permissions":[{"resource_id":"stytch.self","actions":["*"]}]}]} | rbac_role_duplicate
            role id with a space          | {"roles":[{"role_id":"my role","permissions":[{"resource_id":"stytch.self","actions":["*"]}]}]} | invalid_rbac_role_id
            role id reserved for Stytch   | {"roles":[{"role_id":"stytch_owner","permissions":[{"resource_id":"stytch.self","actions":["*"]}]}]} | invalid_rbac_role_id
            empty role id                 | {"roles":[{"role_id":"","permissions":[{"resource_id":"stytch.self","actions":["*"]}]}]} | empty_rbac_role_id
            role without permissions      | {"roles":[{"role_id":"r","permissions":[]}]} | rbac_role_missing_permissions
            permission without actions    | {"roles":[{"role_id":"r","permissions":[{"resource_id":"stytch.self","actions":[]}]}]} | rbac_permission_missing_actions
            stytch_admin given a bad action | {"roles":[{"role_id":"stytch_admin","permissions":[{"resource_id":"stytch.member","actions":["fly"]}]}]} | invalid_rbac_stytch_role_edit
            resource without actions      | {"resources":[{"resource_id":"d","actions":[]}]} | rbac_resource_missing_actions
            resource declaring the wildcard | {"resources":[{"resource_id":"d","actions":["*"]}]} | invalid_wildcard_action
            duplicate action              | {"resources":[{"resource_id":"d","actions":["a","a"]}]} | rbac_action_duplicate
            reserved scope                | {"scopes":[{"scope":"openid","permissions":[{"resource_id":"stytch.self","actions":["*"]}]}]} | rbac_reserved_scope
            scope with a space            | {"scopes":[{"scope":"read docs","permissions":[{"resource_id":"stytch.self","actions":["*"]}]}]} | invalid_rbac_scope
            scope on unknown resource     | {"scopes":[{"scope":"s","permissions":[{"resource_id":"nope","actions":["*"]}]}]} | invalid_rbac_scope
            scope without permissions     | {"scopes":[{"scope":"s","permissions":[]}]} | rbac_scope_missing_permissions
            misspelt key                  | {"role":[]} | bad_request
            actions not strings           | {"resources":[{"resource_id":"d","actions":[1]}]} | bad_request
            """)
    void customPolicyBreakingARuleIsRefusedWithItsName(String rule, String json, String errorType) {
        assertThatThrownBy(() -> custom(json))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type().wireName()).isEqualTo(errorType))
                .hasMessageEndingWith(".");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            a Stytch role                 | stytch_admin | documents | read | rbac_org_custom_roles_only
            a project role's id           | editor       | documents | read | rbac_role_duplicate
            an unknown resource           | reviewer     | nope      | read | invalid_rbac_custom_role
            an action not of the resource | reviewer     | documents | fly  | invalid_rbac_custom_role
            """)
    void organizationRoleBreakingARuleIsRefused(
            String rule, String roleId, String resourceId, String action, String errorType) {
        Policy project = custom(EDITOR);
        List<PolicyRole> roles =
                List.of(new PolicyRole(roleId, "", List.of(new Policy.Permission(resourceId, List.of(action)))));

        assertThatThrownBy(() -> PolicyRules.organizationRoles(roles, project))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type().wireName()).isEqualTo(errorType));
    }
}
