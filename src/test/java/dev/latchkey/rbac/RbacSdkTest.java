package dev.latchkey.rbac;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Sdk.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.organizations.CustomRole;
import com.stytch.java.b2b.models.organizations.CustomRolePermission;
import com.stytch.java.b2b.models.organizations.GetRequest;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.MemberRole;
import com.stytch.java.b2b.models.organizations.MemberRoleSource;
import com.stytch.java.b2b.models.organizationsmembers.CreateRequest;
import com.stytch.java.b2b.models.organizationsmembers.UpdateRequest;
import com.stytch.java.b2b.models.rbac.OrgPolicy;
import com.stytch.java.b2b.models.rbac.PolicyRequest;
import com.stytch.java.b2b.models.rbac.PolicyResource;
import com.stytch.java.b2b.models.rbac.PolicyRole;
import com.stytch.java.b2b.models.rbac.PolicyRolePermission;
import com.stytch.java.b2b.models.rbac.PolicyScope;
import com.stytch.java.b2b.models.rbacorganizations.GetOrgPolicyRequest;
import com.stytch.java.b2b.models.rbacorganizations.SetOrgPolicyRequest;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RBAC endpoints (RBAC_SCIM_M2M.md §1.4, §1.5) and how roles show (§1.6, §1.7), through the official Java SDK:
 * the project's policy, organizations' custom roles, members' roles with their sources, and sessions' roles.
 */
class RbacSdkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;
    static Flows flows;
    /** A project with {@link PolicyRulesTest#EDITOR} as its policy, and its SDK client. */
    static ProjectCredentials custom;

    static StytchB2BClient sdk;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        custom = server.newProject();
        server.app
                .services()
                .projectPolicies()
                .set(custom.project().id(), PolicyRulesTest.parse(PolicyRulesTest.EDITOR));
        sdk = server.sdk(custom);
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    /** An organization of the custom project, created with these extra fields (JSON without braces). */
    static JsonNode organization(String fields) {
        String slug = "org-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return ok(call(
                        "POST",
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"" + slug
                                + "\",\"organization_slug\":\"" + slug + "\",\"organization_external_id\":\"ext-" + slug
                                + "\""
                                + (fields.isEmpty() ? "" : "," + fields) + "}"))
                .json()
                .get("organization");
    }

    static TestServer.Response call(String method, String path, String body) {
        return server.call(method, path, body, custom.project().id(), custom.secret());
    }

    static Member createMember(String org, String email, List<String> roles) {
        return Sdk.ok(sdk.getOrganizations()
                        .getMembers()
                        .createCompletable(
                                new CreateRequest(org, email, null, null, null, null, null, null, null, roles), null))
                .getMember();
    }

    @Test
    void policyWhenProjectSetNoneThenSdkReadsStytchDefaults() {
        try (StytchB2BClient plain = server.sdk()) {
            var policy = Sdk.ok(plain.getRbac().policyCompletable(new PolicyRequest()))
                    .getPolicy();

            assertThat(policy.getRoles())
                    .extracting(PolicyRole::getRoleId)
                    .containsExactly("stytch_member", "stytch_admin");
            assertThat(policy.getRoles().get(0).getPermissions())
                    .containsExactly(new PolicyRolePermission("stytch.self", List.of("*")));
            assertThat(policy.getRoles().get(1).getPermissions())
                    .extracting(PolicyRolePermission::getResourceId)
                    .containsExactly("stytch.organization", "stytch.member", "stytch.sso", "stytch.scim");
            assertThat(policy.getResources())
                    .extracting(PolicyResource::getResourceId)
                    .contains("stytch.organization", "stytch.member", "stytch.self", "stytch.sso", "stytch.scim");
            assertThat(policy.getScopes()).isEmpty();
        }
    }

    @Test
    void policyWhenProjectSetOneThenSdkReadsItsRolesResourcesAndScopesAfterTheDefaults() {
        var policy =
                Sdk.ok(sdk.getRbac().policyCompletable(new PolicyRequest())).getPolicy();

        assertThat(policy.getRoles())
                .extracting(PolicyRole::getRoleId)
                .containsExactly("stytch_member", "stytch_admin", "editor");
        assertThat(policy.getRoles().get(2).getPermissions())
                .contains(new PolicyRolePermission("documents", List.of("read", "write")));
        assertThat(policy.getResources())
                .extracting(PolicyResource::getResourceId)
                .endsWith("documents");
        assertThat(policy.getScopes()).extracting(PolicyScope::getScope).containsExactly("read:docs");
    }

    @Test
    void orgPolicyWhenOrganizationHasNoCustomRolesThenEmptyNotAnError() {
        JsonNode org = organization("");

        for (String key : List.of("organization_id", "organization_slug", "organization_external_id")) {
            OrgPolicy p = Sdk.ok(sdk.getRbac()
                            .getOrganizations()
                            .getOrgPolicyCompletable(
                                    new GetOrgPolicyRequest(org.get(key).asText())))
                    .getOrgPolicy();
            assertThat(p.getRoles()).as(key).isEmpty();
        }
        error(
                sdk.getRbac().getOrganizations().getOrgPolicyCompletable(new GetOrgPolicyRequest("no-such-org")),
                "organization_not_found",
                404);
        // another project's organization is unknown here, by id or slug
        for (String key : List.of("organization_id", "organization_slug")) {
            fails(
                    server.call(
                            "GET", "/v1/b2b/rbac/organizations/" + org.get(key).asText(), null),
                    404,
                    "organization_not_found");
            fails(
                    server.call(
                            "PUT",
                            "/v1/b2b/rbac/organizations/" + org.get(key).asText(),
                            "{\"org_policy\":{\"roles\":[]}}"),
                    404,
                    "organization_not_found");
        }
    }

    @Test
    void orgPolicyWhenSetThenReadBackAndShownOnTheOrganization() {
        JsonNode org = organization("");
        String id = org.get("organization_id").asText();
        PolicyRole reviewer = new PolicyRole(
                "reviewer", "Reviews", List.of(new PolicyRolePermission("documents", List.of("read", "delete"))));

        OrgPolicy set = Sdk.ok(sdk.getRbac()
                        .getOrganizations()
                        .setOrgPolicyCompletable(new SetOrgPolicyRequest(
                                org.get("organization_slug").asText(), new OrgPolicy(List.of(reviewer)))))
                .getOrgPolicy();

        assertThat(set.getRoles()).containsExactly(reviewer);
        assertThat(Sdk.ok(sdk.getRbac().getOrganizations().getOrgPolicyCompletable(new GetOrgPolicyRequest(id)))
                        .getOrgPolicy()
                        .getRoles())
                .containsExactly(reviewer);
        assertThat(Sdk.ok(sdk.getOrganizations().getCompletable(new GetRequest(id)))
                        .getOrganization()
                        .getCustomRoles())
                .containsExactly(new CustomRole(
                        "reviewer",
                        "Reviews",
                        List.of(new CustomRolePermission("documents", List.of("read", "delete")))));
        assertThat(server.app
                        .services()
                        .rbac()
                        .effective(custom.project(), id)
                        .grantingRoles(List.of("reviewer"), "documents", "delete"))
                .containsExactly("reviewer");
    }

    @Test
    void orgPolicyWhenARoleBreaksARuleThenRefusedAndTheRolesAreUnchanged() {
        JsonNode org = organization("");
        String id = org.get("organization_id").asText();
        PolicyRole kept = new PolicyRole("kept", "", List.of(new PolicyRolePermission("documents", List.of("*"))));
        Sdk.ok(sdk.getRbac()
                .getOrganizations()
                .setOrgPolicyCompletable(new SetOrgPolicyRequest(id, new OrgPolicy(List.of(kept)))));

        error(
                sdk.getRbac()
                        .getOrganizations()
                        .setOrgPolicyCompletable(new SetOrgPolicyRequest(
                                id,
                                new OrgPolicy(List.of(new PolicyRole(
                                        "editor", "", List.of(new PolicyRolePermission("documents", List.of("*")))))))),
                "rbac_role_duplicate",
                400);
        error(
                sdk.getRbac()
                        .getOrganizations()
                        .setOrgPolicyCompletable(new SetOrgPolicyRequest(
                                id,
                                new OrgPolicy(List.of(new PolicyRole(
                                        "r",
                                        "",
                                        List.of(new PolicyRolePermission("documents", List.of("*", "read")))))))),
                "cannot_specify_wildcard_with_other_actions",
                400);
        fails(call("PUT", "/v1/b2b/rbac/organizations/" + id, "{\"org_policy\":{\"roles\":{}}}"), 400, "bad_request");
        fails(call("PUT", "/v1/b2b/rbac/organizations/" + id, "{}"), 400, "bad_request");

        assertThat(Sdk.ok(sdk.getRbac().getOrganizations().getOrgPolicyCompletable(new GetOrgPolicyRequest(id)))
                        .getOrgPolicy()
                        .getRoles())
                .containsExactly(kept);
    }

    @Test
    void memberRolesListEachRoleOnceWithEveryExplicitAndEmailSource() {
        String org = organization(
                        "\"rbac_email_implicit_role_assignments\":[{\"domain\":\"acme-corp.com\",\"role_id\":\"stytch_admin\"}]")
                .get("organization_id")
                .asText();

        Member ada = createMember(org, "ada@acme-corp.com", List.of("editor", "stytch_admin", "stytch_member"));
        Member bob = createMember(org, "bob@elsewhere.com", List.of());

        MemberRoleSource direct = new MemberRoleSource("direct_assignment", Map.of());
        assertThat(ada.getRoles())
                .containsExactly(
                        new MemberRole("stytch_member", List.of(direct)),
                        new MemberRole("editor", List.of(direct)),
                        new MemberRole(
                                "stytch_admin",
                                List.of(
                                        direct,
                                        new MemberRoleSource(
                                                "email_assignment", Map.of("email_domain", "acme-corp.com")))));
        assertThat(ada.isAdmin()).isTrue();
        assertThat(bob.getRoles()).containsExactly(new MemberRole("stytch_member", List.of(direct)));
        assertThat(bob.isAdmin()).isFalse();
    }

    @Test
    void memberWhenOnlyImplicitlyAdminThenIsAdminAndUpdateReplacesExplicitRoles() {
        String org = organization(
                        "\"rbac_email_implicit_role_assignments\":[{\"domain\":\"acme-corp.com\",\"role_id\":\"stytch_admin\"}]")
                .get("organization_id")
                .asText();
        Member m = createMember(org, "carol@acme-corp.com", List.of("editor"));

        Member updated = Sdk.ok(sdk.getOrganizations()
                        .getMembers()
                        .updateCompletable(
                                new UpdateRequest(
                                        org,
                                        m.getMemberId(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of("stytch_member")),
                                null))
                .getMember();

        assertThat(updated.getRoles())
                .extracting(MemberRole::getRoleId)
                .containsExactly("stytch_member", "stytch_admin");
        assertThat(updated.getRoles().get(1).getSources())
                .extracting(MemberRoleSource::getType)
                .containsExactly("email_assignment");
        assertThat(updated.isAdmin()).isTrue();
    }

    @Test
    void roleAssignmentWhenRoleIsNotInTheOrganizationsPolicyThenInvalidRole() {
        JsonNode withRole = organization("");
        String orgWithRole = withRole.get("organization_id").asText();
        String other = organization("").get("organization_id").asText();
        Sdk.ok(sdk.getRbac()
                .getOrganizations()
                .setOrgPolicyCompletable(new SetOrgPolicyRequest(
                        orgWithRole,
                        new OrgPolicy(List.of(new PolicyRole(
                                "auditor", "", List.of(new PolicyRolePermission("documents", List.of("read")))))))));

        Member auditor = createMember(orgWithRole, "auditor@example.com", List.of("auditor"));
        assertThat(auditor.getRoles()).extracting(MemberRole::getRoleId).containsExactly("stytch_member", "auditor");

        fails(
                call(
                        "POST",
                        "/v1/b2b/organizations/" + other + "/members",
                        "{\"email_address\":\"a2@example.com\",\"roles\":[\"auditor\"]}"),
                400,
                "invalid_role");
        fails(
                call(
                        "POST",
                        "/v1/b2b/organizations/" + other + "/members",
                        "{\"email_address\":\"a3@example.com\",\"roles\":[\"no_such_role\"]}"),
                400,
                "invalid_role");
        fails(
                call(
                        "PUT",
                        "/v1/b2b/organizations/" + other,
                        "{\"rbac_email_implicit_role_assignments\":[{\"domain\":\"acme-corp.com\",\"role_id\":\"auditor\"}]}"),
                400,
                "invalid_role");
        ok(call(
                "PUT",
                "/v1/b2b/organizations/" + orgWithRole,
                "{\"rbac_email_implicit_role_assignments\":[{\"domain\":\"acme-corp.com\",\"role_id\":\"auditor\"}]}"));
    }

    @Test
    void inviteAndPasswordMigrateWhenGivenRolesThenCheckThemAgainstThePolicy() {
        String org = organization("").get("organization_id").asText();

        TestServer.Response invited = ok(call(
                "POST",
                "/v1/b2b/magic_links/email/invite",
                Flows.json(
                        "organization_id",
                        org,
                        "email_address",
                        "invitee@example.com",
                        "invite_redirect_url",
                        "http://localhost:3000/invite",
                        "roles",
                        List.of("editor"))));
        TestServer.Response refused = fails(
                call(
                        "POST",
                        "/v1/b2b/passwords/migrate",
                        Flows.json(
                                "organization_id", org,
                                "email_address", "migrated@example.com",
                                "hash", "$2a$10$abcdefghijklmnopqrstuuJ4XyRmxNc0Uxz3OJ8ddGmNhW2zBZ1Gq",
                                "hash_type", "bcrypt",
                                "roles", List.of("no_such_role"))),
                400,
                "invalid_role");

        assertThat(invited.json().at("/member/roles"))
                .extracting(n -> n.get("role_id").asText())
                .containsExactly("stytch_member", "editor");
        assertThat(refused.at("/error_message")).contains("no_such_role");
        fails(
                call("GET", "/v1/b2b/organizations/" + org + "/member?email_address=migrated@example.com", null),
                404,
                "member_not_found");
    }

    @Test
    void sessionRolesAndJwtClaimHoldTheEmailImplicitRole() throws IOException {
        String org = organization(
                        "\"rbac_email_implicit_role_assignments\":[{\"domain\":\"acme-corp.com\",\"role_id\":\"editor\"}]")
                .get("organization_id")
                .asText();
        String hash = com.password4j.Password.hash(dev.latchkey.testing.Fixtures.PASSWORD)
                .withBcrypt()
                .getResult();
        ok(call(
                "POST",
                "/v1/b2b/passwords/migrate",
                Flows.json(
                        "organization_id",
                        org,
                        "email_address",
                        "dana@acme-corp.com",
                        "hash",
                        hash,
                        "hash_type",
                        "bcrypt")));

        TestServer.Response login = ok(call(
                "POST",
                "/v1/b2b/passwords/authenticate",
                Flows.json(
                        "organization_id",
                        org,
                        "email_address",
                        "dana@acme-corp.com",
                        "password",
                        dev.latchkey.testing.Fixtures.PASSWORD)));

        assertThat(login.json().at("/member_session/roles"))
                .extracting(JsonNode::asText)
                .containsExactly("stytch_member", "editor");
        JsonNode claims = JSON.readTree(
                Base64.getUrlDecoder().decode(login.at("/session_jwt").split("\\.")[1]));
        assertThat(claims.at("/https:~1~1stytch.com~1session/roles"))
                .extracting(JsonNode::asText)
                .containsExactly("stytch_member", "editor");
        assertThat(login.json().at("/member/is_admin").asBoolean()).isFalse();
    }

    @Test
    void sdkBootstrapCarriesThePolicyForTheBrowsersLocalChecks() {
        TestServer.Response r = server.send(
                "GET", "/sdk/v1/projects/bootstrap/" + custom.project().publicToken(), null, null);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().at("/data/rbac_policy/roles"))
                .extracting(n -> n.get("role_id").asText())
                .containsExactly("stytch_member", "stytch_admin", "editor");
        assertThat(r.json().at("/data/rbac_policy/resources")).isNotEmpty();
    }
}
