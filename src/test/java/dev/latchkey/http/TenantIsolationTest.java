package dev.latchkey.http;

import static dev.latchkey.testing.Sdk.error;
import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.organizations.CreateRequest;
import com.stytch.java.b2b.models.organizations.DeleteRequest;
import com.stytch.java.b2b.models.organizations.GetRequest;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.SearchQuery;
import com.stytch.java.b2b.models.organizations.SearchQueryOperator;
import com.stytch.java.b2b.models.organizations.SearchRequest;
import com.stytch.java.b2b.models.organizations.UpdateRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteMFAPhoneNumberRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeletePasswordRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteTOTPRequest;
import com.stytch.java.b2b.models.organizationsmembers.ReactivateRequest;
import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Sql;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two projects on one server: project B's credentials never see, change, delete or find project A's
 * organizations or members, whichever key (id, slug, external id, email) names them.
 */
class TenantIsolationTest {
    private static final String PASSWORD_ID = "member-password-test-33333333-3333-4333-8333-333333333333";

    static TestServer server;
    static StytchB2BClient a;
    static StytchB2BClient b;
    static Organization orgA;
    static Member memberA;
    static Organization orgB;
    static Member memberB;

    @BeforeAll
    static void start() {
        server = new TestServer();
        ProjectCredentials projectB = server.newProject();
        a = server.sdk();
        b = server.sdk(projectB);
        orgA = ok(a.getOrganizations()
                        .createCompletable(new CreateRequest(
                                "Tenant A Corp",
                                "tenant-a",
                                null,
                                null,
                                "tenant-a-ext",
                                null,
                                List.of("tenant-a.example"))))
                .getOrganization();
        memberA = ok(a.getOrganizations()
                        .getMembers()
                        .createCompletable(
                                new com.stytch.java.b2b.models.organizationsmembers.CreateRequest(
                                        orgA.getOrganizationId(),
                                        "ann@tenant-a.example",
                                        "Ann",
                                        null,
                                        null,
                                        null,
                                        null,
                                        "+14155552671",
                                        null,
                                        null,
                                        "ann-ext"),
                                null))
                .getMember();
        Sql.update(
                server.databaseUrl,
                "UPDATE members SET password_id = ?, totp_registration_id = 'member-totp-test-a' WHERE id = ?",
                PASSWORD_ID,
                memberA.getMemberId());
        memberA = getMemberAsA();
        orgB = ok(b.getOrganizations().createCompletable(new CreateRequest("Tenant B Corp", "tenant-b")))
                .getOrganization();
        memberB = ok(b.getOrganizations()
                        .getMembers()
                        .createCompletable(
                                new com.stytch.java.b2b.models.organizationsmembers.CreateRequest(
                                        orgB.getOrganizationId(), "bob@tenant-b.example"),
                                null))
                .getMember();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        server.close();
    }

    /** Whatever B did, A's organization and member are exactly as they were. */
    @AfterEach
    void projectAIsUntouched() {
        assertThat(ok(a.getOrganizations().getCompletable(new GetRequest(orgA.getOrganizationId())))
                        .getOrganization())
                .isEqualTo(orgA);
        assertThat(getMemberAsA()).isEqualTo(memberA);
    }

    static Stream<String> keysOfOrgA() {
        return Stream.of(orgA.getOrganizationId(), "tenant-a", "tenant-a-ext");
    }

    @Test
    void getOrganizationWhenKeyNamesAnotherProjectsOrganizationThenNotFound() {
        keysOfOrgA()
                .forEach(key ->
                        error(b.getOrganizations().getCompletable(new GetRequest(key)), "organization_not_found", 404));
    }

    @Test
    void updateOrganizationWhenKeyNamesAnotherProjectsOrganizationThenNotFound() {
        keysOfOrgA()
                .forEach(key -> error(
                        b.getOrganizations()
                                .updateCompletable(
                                        new UpdateRequest(key, "Hijacked", "hijacked", null, Map.of("owned", true)),
                                        null),
                        "organization_not_found",
                        404));
    }

    @Test
    void deleteOrganizationWhenKeyNamesAnotherProjectsOrganizationThenNotFound() {
        keysOfOrgA()
                .forEach(key -> error(
                        b.getOrganizations().deleteCompletable(new DeleteRequest(key), null),
                        "organization_not_found",
                        404));
    }

    @Test
    void searchOrganizationsWhenQueryMatchesOnlyAnotherProjectThenNothing() {
        List<Map<String, Object>> operands = List.of(
                Map.of("filter_name", "organization_ids", "filter_value", List.of(orgA.getOrganizationId())),
                Map.of("filter_name", "organization_slugs", "filter_value", List.of("tenant-a")),
                Map.of("filter_name", "organization_name_fuzzy", "filter_value", "Tenant A"),
                Map.of("filter_name", "organization_slug_fuzzy", "filter_value", "tenant-a"),
                Map.of("filter_name", "member_emails", "filter_value", List.of("ann@tenant-a.example")),
                Map.of("filter_name", "member_email_fuzzy", "filter_value", "ann@tenant"),
                Map.of("filter_name", "allowed_domains", "filter_value", List.of("tenant-a.example")),
                Map.of("filter_name", "allowed_domain_fuzzy", "filter_value", "tenant-a"));
        for (Map<String, Object> operand : operands) {
            var found = ok(b.getOrganizations()
                    .searchCompletable(
                            new SearchRequest(null, null, new SearchQuery(SearchQueryOperator.AND, List.of(operand)))));
            assertThat(found.getOrganizations()).as(operand.toString()).isEmpty();
            assertThat(found.getResultsMetadata().getTotal()).isZero();
        }
        var everything = ok(b.getOrganizations().searchCompletable(new SearchRequest()));
        assertThat(everything.getOrganizations())
                .extracting(Organization::getOrganizationId)
                .doesNotContain(orgA.getOrganizationId())
                .contains(orgB.getOrganizationId());
        // A's own search with the same slug still finds A's organization.
        var own = ok(a.getOrganizations()
                .searchCompletable(new SearchRequest(
                        null, null, new SearchQuery(SearchQueryOperator.AND, operands.subList(1, 2)))));
        assertThat(own.getOrganizations())
                .extracting(Organization::getOrganizationId)
                .containsExactly(orgA.getOrganizationId());
    }

    @Test
    void sameSlugAndExternalIdInAnotherProjectNameEachProjectsOwnOrganization() {
        Organization twin = ok(b.getOrganizations()
                        .createCompletable(new CreateRequest("Twin of A", "tenant-a", null, null, "tenant-a-ext")))
                .getOrganization();
        try {
            assertThat(ok(b.getOrganizations().getCompletable(new GetRequest("tenant-a")))
                            .getOrganization()
                            .getOrganizationId())
                    .isEqualTo(twin.getOrganizationId());
            assertThat(ok(a.getOrganizations().getCompletable(new GetRequest("tenant-a-ext")))
                            .getOrganization()
                            .getOrganizationId())
                    .isEqualTo(orgA.getOrganizationId());
        } finally {
            ok(b.getOrganizations().deleteCompletable(new DeleteRequest(twin.getOrganizationId()), null));
        }
    }

    @Test
    void memberCallsWhenOrganizationIsAnotherProjectsThenOrganizationNotFound() {
        var members = b.getOrganizations().getMembers();
        keysOfOrgA().forEach(org -> {
            String m = memberA.getMemberId();
            error(
                    members.getCompletable(new com.stytch.java.b2b.models.organizationsmembers.GetRequest(org, m)),
                    "organization_not_found",
                    404);
            error(
                    members.createCompletable(
                            new com.stytch.java.b2b.models.organizationsmembers.CreateRequest(
                                    org, "intruder@b.example"),
                            null),
                    "organization_not_found",
                    404);
            error(
                    members.updateCompletable(
                            new com.stytch.java.b2b.models.organizationsmembers.UpdateRequest(org, m, "Hijacked"),
                            null),
                    "organization_not_found",
                    404);
            error(
                    members.deleteCompletable(
                            new com.stytch.java.b2b.models.organizationsmembers.DeleteRequest(org, m), null),
                    "organization_not_found",
                    404);
            error(members.reactivateCompletable(new ReactivateRequest(org, m), null), "organization_not_found", 404);
            error(
                    members.deleteMFAPhoneNumberCompletable(new DeleteMFAPhoneNumberRequest(org, m), null),
                    "organization_not_found",
                    404);
            error(members.deleteTOTPCompletable(new DeleteTOTPRequest(org, m), null), "organization_not_found", 404);
            error(
                    members.deletePasswordCompletable(new DeletePasswordRequest(org, PASSWORD_ID), null),
                    "organization_not_found",
                    404);
            error(
                    members.searchCompletable(
                            new com.stytch.java.b2b.models.organizationsmembers.SearchRequest(List.of(org)), null),
                    "organization_not_found",
                    404);
        });
    }

    @Test
    void memberCallsInOwnOrganizationWhenMemberIsAnotherProjectsThenNotFound() {
        var members = b.getOrganizations().getMembers();
        String org = orgB.getOrganizationId();
        for (String m : List.of(memberA.getMemberId(), "ann-ext")) {
            error(
                    members.getCompletable(new com.stytch.java.b2b.models.organizationsmembers.GetRequest(org, m)),
                    "member_not_found",
                    404);
            error(
                    members.updateCompletable(
                            new com.stytch.java.b2b.models.organizationsmembers.UpdateRequest(org, m, "Hijacked"),
                            null),
                    "member_not_found",
                    404);
            error(
                    members.deleteCompletable(
                            new com.stytch.java.b2b.models.organizationsmembers.DeleteRequest(org, m), null),
                    "member_not_found",
                    404);
            error(
                    members.reactivateCompletable(new ReactivateRequest(org, m), null),
                    "no_deleted_member_found_for_reactivation",
                    404);
            error(
                    members.deleteMFAPhoneNumberCompletable(new DeleteMFAPhoneNumberRequest(org, m), null),
                    "member_not_found",
                    404);
            error(members.deleteTOTPCompletable(new DeleteTOTPRequest(org, m), null), "member_not_found", 404);
        }
        error(
                members.getCompletable(new com.stytch.java.b2b.models.organizationsmembers.GetRequest(
                        org, null, "ann@tenant-a.example")),
                "member_not_found",
                404);
        error(
                members.deletePasswordCompletable(new DeletePasswordRequest(org, PASSWORD_ID), null),
                "member_password_not_found",
                404);
    }

    @Test
    void searchMembersInOwnOrganizationWhenQueryMatchesOnlyAnotherProjectsMemberThenNothing() {
        var members = b.getOrganizations().getMembers();
        List<Map<String, Object>> operands = List.of(
                Map.of("filter_name", "member_ids", "filter_value", List.of(memberA.getMemberId(), "ann-ext")),
                Map.of("filter_name", "member_emails", "filter_value", List.of("ann@tenant-a.example")),
                Map.of("filter_name", "member_email_fuzzy", "filter_value", "tenant-a"),
                Map.of("filter_name", "member_phone_numbers", "filter_value", List.of("+14155552671")));
        for (Map<String, Object> operand : operands) {
            var found = ok(members.searchCompletable(
                    new com.stytch.java.b2b.models.organizationsmembers.SearchRequest(
                            List.of(orgB.getOrganizationId()),
                            null,
                            null,
                            new SearchQuery(SearchQueryOperator.AND, List.of(operand))),
                    null));
            assertThat(found.getMembers()).as(operand.toString()).isEmpty();
            assertThat(found.getOrganizations()).containsOnlyKeys(orgB.getOrganizationId());
        }
        var all = ok(members.searchCompletable(
                new com.stytch.java.b2b.models.organizationsmembers.SearchRequest(List.of(orgB.getOrganizationId())),
                null));
        assertThat(all.getMembers()).extracting(Member::getMemberId).containsExactly(memberB.getMemberId());
    }

    private static Member getMemberAsA() {
        return ok(a.getOrganizations()
                        .getMembers()
                        .getCompletable(new com.stytch.java.b2b.models.organizationsmembers.GetRequest(
                                orgA.getOrganizationId(), memberA.getMemberId())))
                .getMember();
    }
}
