package dev.latchkey.rbac;

import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Sdk.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.organizationsmembers.DeleteRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.SearchRequest;
import com.stytch.java.b2b.models.organizationsmembers.SearchRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.UpdateRequest;
import com.stytch.java.b2b.models.organizationsmembers.UpdateRequestOptions;
import com.stytch.java.b2b.models.sessions.AuthenticateRequest;
import com.stytch.java.b2b.models.sessions.AuthenticateResponse;
import com.stytch.java.b2b.models.sessions.AuthorizationCheck;
import com.stytch.java.b2b.models.sessions.RevokeRequest;
import com.stytch.java.b2b.models.sessions.RevokeRequestOptions;
import com.stytch.java.common.methodoptions.Authorization;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backend calls made with a member's permissions (RBAC_SCIM_M2M.md §1.9) through the official Java SDK's method
 * options, which send {@code X-Stytch-Member-Session} / {@code X-Stytch-Member-SessionJWT}; and
 * {@code sessions/authenticate} with {@code authorization_check} (§1.8). Under Stytch's default policy: an admin holds
 * {@code stytch.member *} and {@code stytch.organization *}, a member only {@code stytch.self *}.
 */
class MemberSessionHeadersTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static String org;
    static String otherOrg;
    static String adminId;
    static String memberId;
    static String bystanderId;
    static String outsiderId;
    static String adminToken;
    static String memberToken;
    static String memberJwt;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        org = flows.organization("mfa_policy", "OPTIONAL");
        otherOrg = flows.organization("mfa_policy", "OPTIONAL");
        adminId = flows.member(org, "admin@headers.example");
        memberId = flows.member(org, "member@headers.example");
        bystanderId = flows.member(org, "bystander@headers.example");
        outsiderId = flows.member(otherOrg, "outsider@headers.example");
        ok(server.call(
                "PUT", "/v1/b2b/organizations/" + org + "/members/" + adminId, "{\"roles\":[\"stytch_admin\"]}"));
        adminToken = flows.session(org, "admin@headers.example").at("/session_token");
        var m = flows.session(org, "member@headers.example");
        memberToken = m.at("/session_token");
        memberJwt = m.at("/session_jwt");
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    @Test
    void aPlainMemberMayNotRenameAnotherMemberAndNothingChanges() {
        var refused = error(
                sdk.getOrganizations()
                        .getMembers()
                        .updateCompletable(rename(org, bystanderId, "Renamed"), as(memberToken)),
                "session_authorization_error",
                403);
        assertThat(refused.getErrorMessage()).contains("not authorized");
        assertThat(name(org, bystanderId)).isEmpty();
    }

    @Test
    void anAdminMayRenameAnotherMember() {
        var updated = Sdk.ok(sdk.getOrganizations()
                .getMembers()
                .updateCompletable(rename(org, bystanderId, "By Admin"), as(adminToken)));
        assertThat(updated.getMember().getName()).isEqualTo("By Admin");
        ok(server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + bystanderId, "{\"name\":\"\"}"));
    }

    @Test
    void aMemberMayRenameItselfThroughStytchSelfAndByItsJwtToo() {
        var byToken = Sdk.ok(
                sdk.getOrganizations().getMembers().updateCompletable(rename(org, memberId, "Me"), as(memberToken)));
        assertThat(byToken.getMember().getName()).isEqualTo("Me");
        var byJwt = Sdk.ok(sdk.getOrganizations()
                .getMembers()
                .updateCompletable(
                        rename(org, memberId, "Me by JWT"),
                        new UpdateRequestOptions(new Authorization(null, memberJwt))));
        assertThat(byJwt.getMember().getName()).isEqualTo("Me by JWT");
    }

    @Test
    void aMemberMayNotGiveItselfRoles() {
        UpdateRequest promote = new UpdateRequest(
                org,
                memberId,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("stytch_admin"),
                null,
                null,
                null,
                null,
                null);
        error(
                sdk.getOrganizations().getMembers().updateCompletable(promote, as(memberToken)),
                "session_authorization_error",
                403);
        assertThat(server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + memberId, null)
                        .json()
                        .at("/member/is_admin")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void anAdminMayNotChangeItsOwnEmailThroughUpdateMember() {
        UpdateRequest email = new UpdateRequest(
                org,
                adminId,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "new-admin@headers.example",
                null,
                null);
        error(
                sdk.getOrganizations().getMembers().updateCompletable(email, as(adminToken)),
                "member_cannot_update_their_email_address",
                400);
    }

    @Test
    void trustedMetadataNeedsTheProjectsAuthorityEvenForAnAdmin() {
        UpdateRequest trusted = new UpdateRequest(
                org,
                bystanderId,
                null,
                Map.of("tier", "gold"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        error(
                sdk.getOrganizations().getMembers().updateCompletable(trusted, as(adminToken)),
                "cannot_update_trusted_metadata",
                400);
    }

    @Test
    void fieldsTheTableNamesNoActionForAreGuardedToo() {
        // an identity key: needs update.info.email, which a plain member lacks even over itself
        assertThat(asMember(
                                "PUT",
                                "/v1/b2b/organizations/" + org + "/members/" + memberId,
                                "{\"external_id\":\"x-1\"}",
                                memberToken)
                        .errorType())
                .isEqualTo("session_authorization_error");
        // a setting no action grants: only the project's authority sets it, even for an admin
        var r = asMember(
                "PUT",
                "/v1/b2b/organizations/" + org,
                "{\"first_party_connected_apps_allowed_type\":\"ALL_ALLOWED\"}",
                adminToken);
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("session_authorization_error");
        // and a field nobody knows is no way around the gate
        assertThat(asMember("PUT", "/v1/b2b/organizations/" + org, "{\"surprise\":true}", memberToken)
                        .status())
                .isEqualTo(403);
        assertThat(server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + memberId, null)
                        .at("/member/external_id"))
                .isNotEqualTo("x-1");
    }

    private static TestServer.Response asMember(String method, String path, String body, String sessionToken) {
        String basic = java.util.Base64.getEncoder()
                .encodeToString((server.project.project().id() + ":" + server.project.secret())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return server.sendWithHeaders(
                method, path, body, Map.of("Authorization", "Basic " + basic, "X-Stytch-Member-Session", sessionToken));
    }

    @Test
    void anAdminActsOnlyInItsOwnOrganization() {
        error(
                sdk.getOrganizations()
                        .getMembers()
                        .updateCompletable(rename(otherOrg, outsiderId, "Hijacked"), as(adminToken)),
                "session_authorization_tenancy_error",
                403);
        error(
                sdk.getOrganizations()
                        .getMembers()
                        .searchCompletable(
                                new SearchRequest(List.of(org, otherOrg), null, null, null),
                                new SearchRequestOptions(new Authorization(adminToken, null))),
                "session_authorization_tenancy_error",
                403);
        error(
                sdk.getSessions()
                        .revokeCompletable(
                                new RevokeRequest(null, null, null, outsiderId),
                                new RevokeRequestOptions(new Authorization(adminToken, null))),
                "session_authorization_tenancy_error",
                403);
        assertThat(name(otherOrg, outsiderId)).isEmpty();
    }

    @Test
    void searchAndDeleteNeedTheirActions() {
        error(
                sdk.getOrganizations()
                        .getMembers()
                        .searchCompletable(
                                new SearchRequest(List.of(org), null, null, null),
                                new SearchRequestOptions(new Authorization(memberToken, null))),
                "session_authorization_error",
                403);
        var found = Sdk.ok(sdk.getOrganizations()
                .getMembers()
                .searchCompletable(
                        new SearchRequest(List.of(org), null, null, null),
                        new SearchRequestOptions(new Authorization(adminToken, null))));
        assertThat(found.getMembers()).hasSizeGreaterThanOrEqualTo(3);
        error(
                sdk.getOrganizations()
                        .getMembers()
                        .deleteCompletable(
                                new DeleteRequest(org, bystanderId),
                                new DeleteRequestOptions(new Authorization(memberToken, null))),
                "session_authorization_error",
                403);
        assertThat(server.call("GET", "/v1/b2b/organizations/" + org + "/member?member_id=" + bystanderId, null)
                        .at("/member/status"))
                .isEqualTo("active");
    }

    @Test
    void aSessionThatIsNotLiveActsAsNobody() {
        error(
                sdk.getOrganizations()
                        .getMembers()
                        .updateCompletable(rename(org, memberId, "Ghost"), as("not-a-session-token")),
                "session_not_found",
                404);
    }

    @Test
    void withoutTheHeadersABackendHasTheProjectsFullAuthority() {
        var updated = Sdk.ok(sdk.getOrganizations()
                .getMembers()
                .updateCompletable(rename(org, bystanderId, "By Backend"), new UpdateRequestOptions(null)));
        assertThat(updated.getMember().getName()).isEqualTo("By Backend");
        ok(server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + bystanderId, "{\"name\":\"\"}"));
    }

    @Test
    void authorizationCheckReturnsTheGrantingRoles() {
        AuthenticateResponse admin = Sdk.ok(sdk.getSessions()
                .authenticateCompletable(new AuthenticateRequest(
                        adminToken, null, null, null, new AuthorizationCheck(org, "stytch.member", "delete"))));
        assertThat(admin.getVerdict().getAuthorized()).isTrue();
        assertThat(admin.getVerdict().getGrantingRoles()).containsExactly("stytch_admin");

        AuthenticateResponse self = Sdk.ok(sdk.getSessions()
                .authenticateCompletable(new AuthenticateRequest(
                        memberToken,
                        null,
                        null,
                        null,
                        new AuthorizationCheck(org, "stytch.self", "update.info.name"))));
        assertThat(self.getVerdict().getGrantingRoles()).containsExactly("stytch_member");

        AuthenticateResponse plain = Sdk.ok(sdk.getSessions()
                .authenticateCompletable(new AuthenticateRequest(memberToken, null, null, null, null)));
        assertThat(plain.getVerdict()).isNull();
    }

    @Test
    void aRefusedAuthorizationCheckChangesNothing() {
        String before = ok(server.call(
                        "POST", "/v1/b2b/sessions/authenticate", "{\"session_token\":\"" + memberToken + "\"}"))
                .at("/member_session/expires_at");
        error(
                sdk.getSessions()
                        .authenticateCompletable(new AuthenticateRequest(
                                memberToken, 600, null, null, new AuthorizationCheck(org, "stytch.member", "delete"))),
                "session_authorization_error",
                403);
        error(
                sdk.getSessions()
                        .authenticateCompletable(new AuthenticateRequest(
                                null, 600, memberJwt, null, new AuthorizationCheck(otherOrg, "stytch.self", "delete"))),
                "session_authorization_tenancy_error",
                403);
        String after = ok(server.call(
                        "POST", "/v1/b2b/sessions/authenticate", "{\"session_token\":\"" + memberToken + "\"}"))
                .at("/member_session/expires_at");
        assertThat(after).isEqualTo(before);
    }

    private static UpdateRequest rename(String organizationId, String member, String name) {
        return new UpdateRequest(
                organizationId, member, name, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static UpdateRequestOptions as(String sessionToken) {
        return new UpdateRequestOptions(new Authorization(sessionToken, null));
    }

    private static String name(String organizationId, String member) {
        return server.call("GET", "/v1/b2b/organizations/" + organizationId + "/member?member_id=" + member, null)
                .at("/member/name");
    }
}
