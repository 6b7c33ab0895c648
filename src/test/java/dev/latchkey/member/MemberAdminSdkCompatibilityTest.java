package dev.latchkey.member;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Sdk.error;
import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.api.organizationsmembers.Members;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.MetricsRequest;
import com.stytch.java.b2b.models.organizations.RetiredEmail;
import com.stytch.java.b2b.models.organizationsmembers.DangerouslyGetRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteExternalIdRequest;
import com.stytch.java.b2b.models.organizationsmembers.GetResponse;
import com.stytch.java.b2b.models.organizationsmembers.UnlinkRetiredEmailRequest;
import com.stytch.java.b2b.models.organizationsmembers.UnlinkRetiredEmailResponse;
import com.stytch.java.consumer.models.debug.WhoamiRequest;
import com.stytch.java.consumer.models.debug.WhoamiResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The member and organization endpoints beyond CRUD (issue 10) through the official Java SDK: dangerously_get,
 * unlink_retired_email, the external-id deletes, organization metrics and debug whoami.
 */
class MemberAdminSdkCompatibilityTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Members members;
    static Flows flows;
    static Tables tables;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        members = sdk.getOrganizations().getMembers();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    static String email() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    static String member(String org, String email, String externalId) {
        return ok(flows.post(
                        "/v1/b2b/organizations/" + org + "/members", "email_address", email, "external_id", externalId))
                .at("/member_id");
    }

    /** Moves the member to a new address with members.update, which retires the old one. */
    static void changeEmail(String org, String memberId, String newEmail) {
        ok(server.call(
                "PUT", "/v1/b2b/organizations/" + org + "/members/" + memberId, Flows.json("email_address", newEmail)));
    }

    @Test
    void dangerouslyGetFindsAMemberOfAnyOrganizationByIdOrExternalId() {
        String org = flows.organization();
        String address = email();
        String id = member(org, address, "ext-" + address);

        GetResponse byId = ok(members.dangerouslyGetCompletable(new DangerouslyGetRequest(id)));
        GetResponse byExternalId = ok(members.dangerouslyGetCompletable(new DangerouslyGetRequest("ext-" + address)));

        assertThat(byId.getStatusCode()).isEqualTo(200);
        assertThat(byId.getMemberId()).isEqualTo(id);
        assertThat(byId.getMember().getEmailAddress()).isEqualTo(address);
        assertThat(byId.getOrganization().getOrganizationId()).isEqualTo(org);
        assertThat(byExternalId.getMember()).isEqualTo(byId.getMember());
    }

    @Test
    void dangerouslyGetWhenMemberDeletedThenOnlyWithIncludeDeleted() {
        String org = flows.organization();
        String id = member(org, email(), null);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + id, null));

        error(members.dangerouslyGetCompletable(new DangerouslyGetRequest(id)), "member_not_found", 404);
        error(members.dangerouslyGetCompletable(new DangerouslyGetRequest(id, false)), "member_not_found", 404);
        Member deleted = ok(members.dangerouslyGetCompletable(new DangerouslyGetRequest(id, true)))
                .getMember();

        assertThat(deleted.getStatus()).isEqualTo("deleted");
    }

    @Test
    void dangerouslyGetWhenUnknownOrOfAnotherProjectThenMemberNotFound() {
        var other = server.newProject();
        try (StytchB2BClient otherSdk = server.sdk(other)) {
            String otherOrg = ok(otherSdk.getOrganizations()
                            .createCompletable(new com.stytch.java.b2b.models.organizations.CreateRequest(
                                    "Elsewhere",
                                    "elsewhere-" + UUID.randomUUID().toString().substring(0, 6))))
                    .getOrganization()
                    .getOrganizationId();
            String foreign = ok(otherSdk.getOrganizations()
                            .getMembers()
                            .createCompletable(
                                    new com.stytch.java.b2b.models.organizationsmembers.CreateRequest(
                                            otherOrg, email()),
                                    null))
                    .getMemberId();

            error(members.dangerouslyGetCompletable(new DangerouslyGetRequest(foreign)), "member_not_found", 404);
        }
        error(
                members.dangerouslyGetCompletable(new DangerouslyGetRequest("member-test-unknown")),
                "member_not_found",
                404);
    }

    @Test
    void dangerouslyGetWhenExternalIdIsHeldInTwoOrganizationsThenBadRequest() {
        String shared = "ext-" + UUID.randomUUID();
        member(flows.organization(), email(), shared);
        member(flows.organization(), email(), shared);

        error(members.dangerouslyGetCompletable(new DangerouslyGetRequest(shared)), "bad_request", 400);
    }

    @Test
    void unlinkRetiredEmailByIdOrAddressRemovesOnlyThatAddress() {
        String org = flows.organization();
        String first = email();
        String id = member(org, first, null);
        String second = email();
        changeEmail(org, id, second);
        changeEmail(org, id, email());
        Member before = ok(members.dangerouslyGetCompletable(new DangerouslyGetRequest(id)))
                .getMember();
        assertThat(before.getRetiredEmailAddresses())
                .extracting(RetiredEmail::getEmailAddress)
                .containsExactly(first, second);
        String firstId = before.getRetiredEmailAddresses().get(0).getEmailId();

        UnlinkRetiredEmailResponse byId =
                ok(members.unlinkRetiredEmailCompletable(new UnlinkRetiredEmailRequest(org, id, firstId), null));
        assertThat(byId.getMemberId()).isEqualTo(id);
        assertThat(byId.getOrganizationId()).isEqualTo(org);
        assertThat(byId.getOrganization().getOrganizationId()).isEqualTo(org);
        assertThat(byId.getMember().getRetiredEmailAddresses())
                .extracting(RetiredEmail::getEmailAddress)
                .containsExactly(second);

        UnlinkRetiredEmailResponse byAddress = ok(members.unlinkRetiredEmailCompletable(
                new UnlinkRetiredEmailRequest(org, id, null, second.toUpperCase(java.util.Locale.ROOT)), null));
        assertThat(byAddress.getMember().getRetiredEmailAddresses()).isEmpty();
    }

    @Test
    void unlinkRetiredEmailWhenNoIdentifierOrUnknownAddressThenRefusedAndNothingChanged() {
        String org = flows.organization();
        String old = email();
        String id = member(org, old, null);
        changeEmail(org, id, email());
        String path = "/v1/b2b/organizations/" + org + "/members/" + id + "/unlink_retired_email";

        fails(tables.unchanged(() -> server.call("POST", path, "{}")), 400, "retired_email_missing_email_identifiers");
        fails(
                tables.unchanged(() -> server.call("POST", path, Flows.json("email_address", email()))),
                404,
                "email_not_found");
        fails(
                tables.unchanged(() -> server.call("POST", path, Flows.json("email_id", "email-test-unknown"))),
                404,
                "email_not_found");
        // Both given: they must name the same retired address.
        fails(
                tables.unchanged(() ->
                        server.call("POST", path, Flows.json("email_id", "email-test-unknown", "email_address", old))),
                404,
                "email_not_found");
        error(
                members.unlinkRetiredEmailCompletable(
                        new UnlinkRetiredEmailRequest(flows.organization(), id, null, old), null),
                "member_not_found",
                404);
    }

    @Test
    void deleteMemberExternalIdClearsItSoItNoLongerFindsTheMember() {
        String org = flows.organization();
        String external = "ext-" + UUID.randomUUID();
        String id = member(org, email(), external);

        var deleted = ok(members.deleteExternalIdCompletable(new DeleteExternalIdRequest(org, id), null));

        assertThat(deleted.getMemberId()).isEqualTo(id);
        assertThat(deleted.getMember().getExternalId()).isNull();
        assertThat(deleted.getOrganization().getOrganizationId()).isEqualTo(org);
        error(members.dangerouslyGetCompletable(new DangerouslyGetRequest(external)), "member_not_found", 404);
        // The id is free again for another member of the organization.
        member(org, email(), external);
        error(
                members.deleteExternalIdCompletable(new DeleteExternalIdRequest(org, "member-test-unknown"), null),
                "member_not_found",
                404);
    }

    @Test
    void deleteOrganizationExternalIdClearsIt() {
        String external = "org-ext-" + UUID.randomUUID();
        String org = flows.organization("organization_external_id", external);

        var deleted = ok(sdk.getOrganizations()
                .deleteExternalIdCompletable(
                        new com.stytch.java.b2b.models.organizations.DeleteExternalIdRequest(org), null));

        assertThat(deleted.getOrganization().getOrganizationId()).isEqualTo(org);
        assertThat(deleted.getOrganization().getOrganizationExternalId()).isNullOrEmpty();
        fails(server.call("GET", "/v1/b2b/organizations/" + external, null), 404, "organization_not_found");
        fails(
                server.call("DELETE", "/v1/b2b/organizations/organization-test-unknown/external_id", null),
                404,
                "organization_not_found");
    }

    @Test
    void metricsCountsTheMembersThatAreNotDeleted() {
        String org = flows.organization();
        member(org, email(), null);
        ok(flows.post(
                "/v1/b2b/organizations/" + org + "/members",
                "email_address",
                email(),
                "create_member_as_pending",
                true));
        String gone = member(org, email(), null);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + gone, null));
        member(flows.organization(), email(), null); // another organization's member does not count

        var metrics = ok(sdk.getOrganizations().metricsCompletable(new MetricsRequest(org)));

        assertThat(metrics.getMemberCount()).isEqualTo(2);
        assertThat(metrics.getStatusCode()).isEqualTo(200);
        error(
                sdk.getOrganizations().metricsCompletable(new MetricsRequest("organization-test-unknown")),
                "organization_not_found",
                404);
    }

    @Test
    void whoamiNamesTheProjectOfTheCredentials() {
        WhoamiResponse me = ok(sdk.getDebug().whoamiCompletable(new WhoamiRequest()));

        assertThat(me.getProjectId()).isEqualTo(server.projectId());
        assertThat(me.getName()).isEmpty();
        fails(
                server.call("GET", "/v1/debug/whoami", null, server.projectId(), "wrong"),
                401,
                "unauthorized_credentials");
    }
}
