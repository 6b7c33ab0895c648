package dev.latchkey.sso.flow;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code sso/authenticate} after a SAML login (issue 9): the MFA decision (sessions, intermediate sessions, SMS
 * pre-sent, primary_required, step-up), the sso_token's single use, PKCE, expiry and project, and the SSO roles a
 * session carries.
 */
class SsoAuthenticateTest {
    static TestServer server;
    static SsoLogins sso;
    static Flows flows;
    static Tables tables;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sso = new SsoLogins(server);
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
    }

    @AfterAll
    static void stop() {
        sso.close();
        server.close();
    }

    static String email() {
        return "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    @Test
    @DisplayName("REQUIRED_FOR_ALL: sso.authenticate answers an IST and mfa_required; TOTP then gives the session")
    void requiredMfaGivesIst() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String conn = sso.samlConnection(org);
        String email = email();
        TestServer.Response r = ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email))));
        assertThat(r.json().get("member_authenticated").asBoolean()).isFalse();
        assertThat(r.at("/session_token")).isEmpty();
        assertThat(r.at("/reset_session")).isEqualTo("false");
        String ist = r.at("/intermediate_session_token");
        assertThat(ist).isNotEmpty();
        assertThat(r.json().has("mfa_required")).isTrue();
        String member = r.at("/member_id");
        TestServer.Response created = ok(flows.post(
                "/v1/b2b/totp", "organization_id", org, "member_id", member, "intermediate_session_token", ist));
        TestServer.Response done = ok(flows.authenticateTotp(
                org, member, flows.totpCode(created.at("/secret")), "intermediate_session_token", ist));
        assertThat(done.at("/session_token")).isNotEmpty();
        assertThat(done.json().at("/member_session/authentication_factors").findValuesAsText("delivery_method"))
                .contains("sso_saml", "authenticator_app");
    }

    @Test
    @DisplayName("an SSO intermediate session is bound to its organization: discovery cannot use it")
    void ssoIstNotForDiscovery() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String conn = sso.samlConnection(org);
        String ist =
                ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email())))).at("/intermediate_session_token");
        fails(
                flows.post(
                        "/v1/b2b/discovery/organizations/create",
                        "intermediate_session_token",
                        ist,
                        "organization_name",
                        "X"),
                400,
                "insufficient_factors");
        fails(
                flows.post(
                        "/v1/b2b/discovery/intermediate_sessions/exchange",
                        "intermediate_session_token",
                        ist,
                        "organization_id",
                        flows.organization()),
                400,
                "insufficient_factors");
    }

    @Test
    @DisplayName("sso_token: single use under parallel redeems, and PKCE checked against the start's challenge")
    void tokenRules() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String token = SsoLogins.token(sso.saml(conn, email()));
        List<TestServer.Response> both = Flows.concurrently(
                List.of(() -> sso.authenticate(token), () -> sso.authenticate(token), () -> sso.authenticate(token)));
        assertThat(both.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(both.stream().filter(r -> "sso_token_not_found".equals(r.errorType())))
                .hasSize(2);

        String verifier = "v".repeat(50);
        String challenge = dev.latchkey.crypto.Pkce.s256(verifier);
        String pkceToken = SsoLogins.token(sso.saml(conn, email(), r -> r, "pkce_code_challenge", challenge));
        fails(sso.authenticate(pkceToken), 400, "pkce_expected_code_verifier");
        fails(sso.authenticate(pkceToken, "pkce_code_verifier", "w".repeat(50)), 400, "pkce_mismatch");
        ok(sso.authenticate(pkceToken, "pkce_code_verifier", verifier));
        fails(
                sso.authenticate(SsoLogins.token(sso.saml(conn, email())), "pkce_code_verifier", verifier),
                400,
                "pkce_did_not_expect_code_verifier");
        fails(sso.authenticate("no-such-token"), 404, "sso_token_not_found");
    }

    @Test
    @DisplayName("restricted auth methods without sso: primary_required; the sso token expires after 10 minutes")
    void authMethodsAndExpiry() {
        String org = flows.organization("auth_methods", "RESTRICTED", "allowed_auth_methods", List.of("magic_link"));
        String conn = sso.samlConnection(org);
        TestServer.Response r = ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email()))));
        assertThat(r.json().get("member_authenticated").asBoolean()).isFalse();
        assertThat(r.json().at("/primary_required/allowed_auth_methods").get(0).asText())
                .isEqualTo("magic_link");

        String token = SsoLogins.token(sso.saml(conn, email()));
        server.clock.advance(java.time.Duration.ofMinutes(11));
        fails(sso.authenticate(token), 404, "sso_token_not_found");
    }

    @Test
    @DisplayName("SSO roles are listed on the member but granted only to a session holding that connection's factor")
    void rolesNeedTheFactor() {
        String org = flows.organization();
        String conn = sso.samlConnection(
                org, "saml_connection_implicit_role_assignments", List.of(Map.of("role_id", "stytch_admin")));
        String email = email();
        TestServer.Response viaSso = ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email))));
        assertThat(viaSso.json().at("/member/roles").toString())
                .contains("stytch_admin")
                .contains("\"sso_connection\"")
                .contains(conn);
        assertThat(viaSso.json().at("/member_session/roles").toString()).contains("stytch_admin");
        // The same member by a magic link: the role is listed on the member, but this session does not carry it.
        ok(flows.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                "organization_id",
                org,
                "email_address",
                email,
                "login_redirect_url",
                SsoLogins.APP));
        String token = SsoLogins.query(
                        URI.create(flows.latestMessageTo(email).get("link").asText()))
                .get("token");
        TestServer.Response plain = ok(flows.post("/v1/b2b/magic_links/authenticate", "magic_links_token", token));
        assertThat(plain.at("/member_id")).isEqualTo(viaSso.at("/member_id"));
        assertThat(plain.json().at("/member_session/roles").toString()).doesNotContain("stytch_admin");
        assertThat(plain.json().at("/member/roles").toString()).contains("stytch_admin");
    }

    @Test
    @DisplayName("the browser SDK's sso/authenticate answers under data; a session passed along is stepped up")
    void sdkSurfaceAndStepUp() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String email = email();
        String publicToken = server.project.project().publicToken();
        String logout = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(
                                (publicToken + ":" + publicToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TestServer.Response sdk = server.send(
                "POST",
                "/sdk/v1/b2b/sso/authenticate",
                Flows.json("sso_token", SsoLogins.token(sso.saml(conn, email)), "session_duration_minutes", 60),
                logout);
        assertThat(sdk.status()).as(sdk.text()).isEqualTo(200);
        assertThat(sdk.at("/data/member_authenticated")).isEqualTo("true");
        assertThat(sdk.at("/data/reset_session")).isEqualTo("false");
        String session = sdk.at("/data/session_token");
        TestServer.Response stepUp =
                ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email)), "session_token", session));
        assertThat(stepUp.at("/member_session/member_session_id"))
                .isEqualTo(sdk.at("/data/member_session/member_session_id"));
    }

    @Test
    @DisplayName("a member whose default MFA method is SMS gets the code sent with the intermediate session")
    void smsPreSent() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String conn = sso.samlConnection(org);
        String email = email();
        TestServer.Response first = ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email))));
        String member = first.at("/member_id");
        String ist = first.at("/intermediate_session_token");
        String phone = flows.newPhone();
        String code = flows.sendSms(org, member, phone, "intermediate_session_token", ist);
        ok(flows.authenticateSms(org, member, code, "intermediate_session_token", ist));

        TestServer.Response second = ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email))));
        assertThat(second.at("/mfa_required/secondary_auth_initiated")).isEqualTo("sms_otp");
        assertThat(second.at("/mfa_required/member_options/mfa_phone_number")).isEqualTo(phone);
        TestServer.Response done = ok(flows.authenticateSms(
                org,
                member,
                flows.latestCode(phone),
                "intermediate_session_token",
                second.at("/intermediate_session_token")));
        assertThat(done.at("/session_token")).isNotEmpty();
    }

    @Test
    @DisplayName("an sso_token is redeemed only by its own project")
    void tokenBelongsToItsProject() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String token = SsoLogins.token(sso.saml(conn, email()));
        var other = server.newProject();
        TestServer.Response r = server.call(
                "POST",
                "/v1/b2b/sso/authenticate",
                Flows.json("sso_token", token),
                other.project().id(),
                other.secret());
        fails(r, 404, "sso_token_not_found");
        ok(sso.authenticate(token));
    }

    @Test
    @DisplayName("a group role follows the groups of the member's last login through the connection")
    void groupRoles() {
        String org = flows.organization();
        String conn = sso.samlConnection(
                org,
                "saml_group_implicit_role_assignments",
                List.of(Map.of("role_id", "stytch_admin", "group", "admins")));
        String email = email();
        TestServer.Response admin = ok(
                sso.authenticate(SsoLogins.token(sso.saml(conn, email, r -> r.attribute("groups", "eng", "admins")))));
        assertThat(admin.json().at("/member_session/roles").toString()).contains("stytch_admin");
        assertThat(admin.json().at("/member/roles").toString())
                .contains("\"sso_connection_group\"")
                .contains("\"admins\"");
        TestServer.Response demoted =
                ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email, r -> r.attribute("groups", "eng")))));
        assertThat(demoted.json().at("/member_session/roles").toString()).doesNotContain("stytch_admin");
        assertThat(demoted.json().at("/member/roles").toString()).doesNotContain("stytch_admin");
    }

    @Test
    @DisplayName("requests and tokens expired over a day ago are deleted by a later login of the project")
    void oldRowsSwept() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        SsoLogins.token(sso.saml(conn, email())); // never redeemed
        sso.startSaml(conn); // never answered
        server.clock.advance(java.time.Duration.ofDays(2));
        SsoLogins.token(sso.saml(conn, email()));
        java.sql.Timestamp cutoff =
                java.sql.Timestamp.from(server.clock.instant().minus(java.time.Duration.ofDays(1)));
        for (String table : List.of("sso_requests", "sso_tokens")) {
            assertThat(tables.rows(
                            "SELECT id FROM " + table + " WHERE project_id = ? AND expires_at < ?",
                            server.projectId(),
                            cutoff))
                    .as(table)
                    .isEmpty();
        }
    }
}
