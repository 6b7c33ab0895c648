package dev.latchkey.http;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser SDK's member and organization administration, gated by the caller's session roles: the paths and
 * bodies of {@code @stytch/vanilla-js} 6.3.0 ({@code HeadlessB2BOrganizationClient}, {@code HeadlessB2BSelfClient}).
 * An admin ({@code stytch_admin}) may; a plain member ({@code stytch_member}) may act only on itself; a refusal is a
 * 403 {@code session_authorization_error} and changes nothing.
 */
class SdkRbacTest {
    static final String APP = "http://rbac.app.test";

    static TestServer server;
    static Fixtures fx;
    static SdkClient sdk;
    static String org;
    static String slug;
    static String adminToken;
    static String memberToken;
    static String memberId;
    static String bystanderId;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
        sdk = new SdkClient(server, server.project.project().publicToken(), APP);
        slug = "rbac-" + UUID.randomUUID().toString().substring(0, 8);
        org = server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"RBAC\",\"organization_slug\":\"" + slug + "\"}")
                .at("/organization/organization_id");
        String adminId = fx.memberWithPassword(org, "admin@sdk-rbac.example");
        memberId = fx.memberWithPassword(org, "member@sdk-rbac.example");
        bystanderId = fx.memberWithPassword(org, "bystander@sdk-rbac.example");
        server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + adminId, "{\"roles\":[\"stytch_admin\"]}");
        adminToken = login("admin@sdk-rbac.example");
        memberToken = login("member@sdk-rbac.example");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlyAnAdminMayUpdateAnotherMember() {
        String path = "/sdk/v1/b2b/organizations/members/" + bystanderId;
        refused(sdk.call("PUT", path, "{\"member_id\":\"" + bystanderId + "\",\"name\":\"By Member\"}", memberToken));
        assertThat(backendMember(bystanderId).at("/member/name")).isEmpty();
        var r = sdk.call("PUT", path, "{\"member_id\":\"" + bystanderId + "\",\"name\":\"By Admin\"}", adminToken);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.data("/member/name")).isEqualTo("By Admin");
    }

    @Test
    void onlyAnAdminMayChangeRolesAndAMemberCannotPromoteItself() {
        String path = "/sdk/v1/b2b/organizations/members/" + memberId;
        refused(sdk.call("PUT", path, "{\"roles\":[\"stytch_admin\"]}", memberToken));
        var self = sdk.call(
                "PUT", "/sdk/v1/b2b/organizations/members/update", "{\"roles\":[\"stytch_admin\"]}", memberToken);
        assertThat(self.status()).as(self.text()).isEqualTo(400);
        assertThat(backendMember(memberId).json().at("/member/is_admin").asBoolean())
                .isFalse();
    }

    @Test
    void aMemberUpdatesItselfThroughSelfUpdate() {
        var r = sdk.call("PUT", "/sdk/v1/b2b/organizations/members/update", "{\"name\":\"Myself\"}", memberToken);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.data("/member/name")).isEqualTo("Myself");
    }

    @Test
    void searchIsForAdminsAndStaysInTheCallersOrganization() {
        String path = "/sdk/v1/b2b/organizations/me/members/search";
        refused(sdk.call("POST", path, "{}", memberToken));
        String otherOrg = fx.organization("OPTIONAL");
        fx.member(otherOrg, "elsewhere@sdk-rbac.example");
        var r = sdk.call("POST", path, "{\"organization_ids\":[\"" + otherOrg + "\"]}", adminToken);
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("session_authorization_tenancy_error");
        var mine = sdk.call("POST", path, "{}", adminToken);
        assertThat(mine.status()).as(mine.text()).isEqualTo(200);
        mine.json()
                .at("/data/members")
                .forEach(m -> assertThat(m.get("organization_id").asText()).isEqualTo(org));
    }

    @Test
    void onlyAnAdminMayUpdateOrDeleteTheOrganization() {
        refused(sdk.call("PUT", "/sdk/v1/b2b/organizations/me", "{\"organization_name\":\"Taken\"}", memberToken));
        refused(sdk.call("DELETE", "/sdk/v1/b2b/organizations/me", null, memberToken));
        assertThat(server.call("GET", "/v1/b2b/organizations/" + org, null).at("/organization/organization_name"))
                .isEqualTo("RBAC");
        var r = sdk.call("PUT", "/sdk/v1/b2b/organizations/me", "{\"organization_name\":\"RBAC\"}", adminToken);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @Test
    void onlyAnAdminMayCreateDeleteOrInviteMembers() {
        refused(sdk.call(
                "POST",
                "/sdk/v1/b2b/organizations/members",
                "{\"email_address\":\"new@sdk-rbac.example\"}",
                memberToken));
        refused(sdk.call(
                "POST",
                "/sdk/v1/b2b/magic_links/email/invite",
                "{\"email_address\":\"invitee@sdk-rbac.example\"}",
                memberToken));
        refused(sdk.call("DELETE", "/sdk/v1/b2b/organizations/members/" + bystanderId, null, memberToken));
        assertThat(backendMember(bystanderId).at("/member/status")).isEqualTo("active");
        var created = sdk.call(
                "POST",
                "/sdk/v1/b2b/organizations/members",
                "{\"email_address\":\"made-by-admin@sdk-rbac.example\",\"roles\":[\"stytch_admin\"]}",
                adminToken);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().at("/data/member/is_admin").asBoolean()).isTrue();
    }

    @Test
    void revokingAnotherMembersSessionsIsForAdmins() {
        refused(sdk.call("POST", "/sdk/v1/b2b/sessions/revoke/" + bystanderId, null, memberToken));
        String own = login("member@sdk-rbac.example");
        var r = sdk.call("POST", "/sdk/v1/b2b/sessions/revoke/" + memberId, null, own);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        memberToken = login("member@sdk-rbac.example");
    }

    @Test
    void anAdminReachesNoMemberOfAnotherOrganization() {
        String otherOrg = fx.organization("OPTIONAL");
        String outsider = fx.member(otherOrg, "outsider@sdk-rbac.example");
        var r = sdk.call("PUT", "/sdk/v1/b2b/organizations/members/" + outsider, "{\"name\":\"Hijacked\"}", adminToken);
        assertThat(r.status()).as(r.text()).isEqualTo(404);
        assertThat(server.call("GET", "/v1/b2b/organizations/" + otherOrg + "/member?member_id=" + outsider, null)
                        .at("/member/name"))
                .isEmpty();
    }

    @Test
    void getBySlugAnswersALoginPageWithoutASession() {
        var found = sdk.call("POST", "/sdk/v1/b2b/organizations/search", "{\"organization_slug\":\"" + slug + "\"}");
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        assertThat(found.data("/organization/organization_id")).isEqualTo(org);
        assertThat(found.json().at("/data/organization/trusted_metadata").isMissingNode())
                .isTrue();
        var none = sdk.call("POST", "/sdk/v1/b2b/organizations/search", "{\"organization_slug\":\"no-such-org\"}");
        assertThat(none.status()).as(none.text()).isEqualTo(200);
        assertThat(none.json().at("/data/organization").isNull()).isTrue();
    }

    private static void refused(SdkClient.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("session_authorization_error");
    }

    private static TestServer.Response backendMember(String member) {
        return server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + member, null);
    }

    private static String login(String email) {
        var r = sdk.call(
                "POST",
                "/sdk/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\"" + PASSWORD
                        + "\",\"session_duration_minutes\":60}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.data("/session_token");
    }
}
