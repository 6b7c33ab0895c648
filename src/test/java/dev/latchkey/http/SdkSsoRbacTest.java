package dev.latchkey.http;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSO connection management as a member (SSO_OAUTH.md §1.2): the browser SDK's {@code /sdk/v1/b2b/sso} routes, which
 * act on the caller's organization, and the backend routes with the member-session header. Under the default policy
 * {@code stytch_admin} holds {@code stytch.sso *} and a plain {@code stytch_member} nothing on it: an admin may, a
 * member is refused with {@code session_authorization_error}, and a refusal changes nothing.
 */
class SdkSsoRbacTest {
    static final String APP = "http://sso.app.test";

    static TestServer server;
    static SdkClient sdk;
    static Tables tables;
    static String org;
    static String otherOrg;
    static String adminToken;
    static String memberToken;

    @BeforeAll
    static void start() {
        server = new TestServer();
        Fixtures fx = new Fixtures(server);
        tables = new Tables(server.databaseUrl);
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
        sdk = new SdkClient(server, server.project.project().publicToken(), APP);
        org = organization();
        otherOrg = organization();
        String adminId = fx.memberWithPassword(org, "admin@sso-rbac.example");
        fx.memberWithPassword(org, "member@sso-rbac.example");
        server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + adminId, "{\"roles\":[\"stytch_admin\"]}");
        adminToken = login("admin@sso-rbac.example");
        memberToken = login("member@sso-rbac.example");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAdminManagesTheOrganizationsConnectionsThroughTheSdk() {
        var created = sdk.call("POST", "/sdk/v1/b2b/sso/saml", "{\"display_name\":\"Okta\"}", adminToken);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.data("/connection/organization_id")).isEqualTo(org);
        String id = created.data("/connection/connection_id");

        var updated = sdk.call(
                "PUT",
                "/sdk/v1/b2b/sso/saml/" + id,
                "{\"display_name\":\"Okta prod\",\"saml_encryption_private_key\":"
                        + quoted(dev.latchkey.sso.SsoTestPem.pkcs1())
                        + "}",
                adminToken);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        String keyId = updated.data("/connection/saml_encryption_private_keys/0/private_key_id");
        // the browser SDK's segment is singular
        var keyDeleted =
                sdk.call("DELETE", "/sdk/v1/b2b/sso/saml/" + id + "/encryption_private_key/" + keyId, null, adminToken);
        assertThat(keyDeleted.status()).as(keyDeleted.text()).isEqualTo(200);
        assertThat(keyDeleted.data("/private_key_id")).isEqualTo(keyId);

        var oidc = sdk.call("POST", "/sdk/v1/b2b/sso/oidc", "{\"display_name\":\"Entra\"}", adminToken);
        assertThat(oidc.status()).as(oidc.text()).isEqualTo(200);
        var oidcUpdated = sdk.call(
                "PUT",
                "/sdk/v1/b2b/sso/oidc/" + oidc.data("/connection/connection_id"),
                "{\"client_id\":\"abc\"}",
                adminToken);
        assertThat(oidcUpdated.data("/connection/client_id")).isEqualTo("abc");

        var list = sdk.call("GET", "/sdk/v1/b2b/sso", null, adminToken);
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.data("/saml_connections/0/display_name")).isEqualTo("Okta prod");

        var deleted = sdk.call("DELETE", "/sdk/v1/b2b/sso/" + id, null, adminToken);
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.data("/connection_id")).isEqualTo(id);
    }

    @Test
    void aPlainMemberIsRefusedEveryConnectionCall() {
        String id = server.call("POST", "/v1/b2b/sso/saml/" + org, "{}").at("/connection/connection_id");
        refused(() -> sdk.call("GET", "/sdk/v1/b2b/sso", null, memberToken));
        refused(() -> sdk.call("POST", "/sdk/v1/b2b/sso/saml", "{}", memberToken));
        refused(() -> sdk.call("POST", "/sdk/v1/b2b/sso/oidc", "{}", memberToken));
        refused(() -> sdk.call("PUT", "/sdk/v1/b2b/sso/saml/" + id, "{\"display_name\":\"x\"}", memberToken));
        refused(() -> sdk.call("DELETE", "/sdk/v1/b2b/sso/" + id, null, memberToken));
    }

    @Test
    void anAdminCannotReachAnotherOrganizationsConnection() {
        String theirs =
                server.call("POST", "/v1/b2b/sso/saml/" + otherOrg, "{}").at("/connection/connection_id");
        Map<String, java.util.List<String>> before = tables.snapshot();
        var r = sdk.call("PUT", "/sdk/v1/b2b/sso/saml/" + theirs, "{\"display_name\":\"mine now\"}", adminToken);
        assertThat(r.status()).as(r.text()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("saml_connection_not_found");
        var d = sdk.call("DELETE", "/sdk/v1/b2b/sso/" + theirs, null, adminToken);
        assertThat(d.errorType()).isEqualTo("sso_connection_not_found");
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    @Test
    void backendCallsWithAMemberSessionHeaderAreGatedToo() {
        TestServer.Response member =
                tables.unchanged(() -> backendAs(memberToken, "POST", "/v1/b2b/sso/saml/" + org, "{}"));
        assertThat(member.status()).as(member.text()).isEqualTo(403);
        assertThat(member.errorType()).isEqualTo("session_authorization_error");

        TestServer.Response admin = backendAs(adminToken, "POST", "/v1/b2b/sso/oidc/" + org, "{}");
        assertThat(admin.status()).as(admin.text()).isEqualTo(200);

        TestServer.Response elsewhere =
                tables.unchanged(() -> backendAs(adminToken, "POST", "/v1/b2b/sso/saml/" + otherOrg, "{}"));
        assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(403);
        assertThat(elsewhere.errorType()).isEqualTo("session_authorization_tenancy_error");
    }

    private static void refused(java.util.function.Supplier<SdkClient.Response> call) {
        Map<String, java.util.List<String>> before = tables.snapshot();
        SdkClient.Response r = call.get();
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("session_authorization_error");
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    private static TestServer.Response backendAs(String sessionToken, String method, String path, String body) {
        String basic = Base64.getEncoder()
                .encodeToString((server.projectId() + ":" + server.project.secret()).getBytes(StandardCharsets.UTF_8));
        return server.sendWithHeaders(
                method, path, body, Map.of("Authorization", "Basic " + basic, "X-Stytch-Member-Session", sessionToken));
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    private static String organization() {
        String slug = "sso-rbac-" + UUID.randomUUID().toString().substring(0, 8);
        return server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"SSO RBAC\",\"organization_slug\":\"" + slug + "\"}")
                .at("/organization/organization_id");
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
