package dev.latchkey.sso.flow;

import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.sso.AuthenticateRequest;
import com.stytch.java.b2b.models.sso.AuthenticateResponse;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testidp.TestOidcProviderUser;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OIDC SSO end to end (issue 9): start → the test OIDC provider (which logs the next user in) → the callback's code
 * exchange, ID token verification and userinfo → the app's redirect → {@code sso.authenticate} through the SDK.
 */
class OidcSignInTest {
    static TestServer server;
    static SsoLogins sso;
    static Flows flows;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sso = new SsoLogins(server);
        flows = new Flows(server);
    }

    @AfterEach
    void behave() {
        sso.oidcIdp.misbehave(TestOidcProvider.Misbehavior.NONE);
    }

    @AfterAll
    static void stop() {
        sso.close();
        server.close();
    }

    static String email() {
        return "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    @Test
    @DisplayName(
            "OIDC login: state, nonce and PKCE toward the IdP; new member on the signup URL; a session with oidc_sso_factor")
    void oidcSignupThenSession() {
        String org = flows.organization();
        String conn = sso.oidcConnection(org);
        String email = email();
        SsoLogins.Raw landed = sso.oidc(
                conn,
                TestOidcProviderUser.withEmail(email).claim("groups", List.of("eng")),
                "provider_prompt",
                "login");
        Map<String, String> asked = sso.oidcIdp.lastAuthorizeRequest();
        assertThat(asked).containsKeys("state", "nonce", "code_challenge").containsEntry("prompt", "login");
        assertThat(asked.get("code_challenge_method")).isEqualTo("S256");
        assertThat(asked.get("scope")).isEqualTo("openid email profile");
        assertThat(landed.location()).startsWith(SsoLogins.APP_SIGNUP + "?");

        AuthenticateResponse auth = Sdk.ok(server.sdk()
                .getSso()
                .authenticateCompletable(new AuthenticateRequest(SsoLogins.token(landed), null, null, null, 60, null)));
        assertThat(auth.getMemberAuthenticated()).isTrue();
        assertThat(auth.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(auth.getMember().getSsoRegistrations()).singleElement().satisfies(reg -> {
            assertThat(reg.getConnectionId()).isEqualTo(conn);
            assertThat(reg.getSsoAttributes()).containsEntry("email", email);
        });
        AuthenticationFactor factor =
                auth.getMemberSession().getAuthenticationFactors().get(0);
        assertThat(factor.getDeliveryMethod().name()).isEqualTo("SSO_OIDC");
        assertThat(factor.getOidcSSOFactor().getProviderId()).isEqualTo(conn);
        assertThat(factor.getOidcSSOFactor().getExternalId())
                .isEqualTo(auth.getMember().getSsoRegistrations().get(0).getExternalId());

        // The same person again: the login URL, the same member.
        SsoLogins.Raw again = sso.oidc(conn, TestOidcProviderUser.withEmail(email));
        assertThat(again.location()).startsWith(SsoLogins.APP + "?");
        assertThat(ok(sso.authenticate(SsoLogins.token(again))).at("/member_id"))
                .isEqualTo(auth.getMemberId());
    }

    @Test
    @DisplayName("REQUIRED_FOR_ALL: an OIDC login stops at an intermediate session with mfa_required")
    void requiredMfa() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String conn = sso.oidcConnection(org);
        TestServer.Response r =
                ok(sso.authenticate(SsoLogins.token(sso.oidc(conn, TestOidcProviderUser.withEmail(email())))));
        assertThat(r.json().get("member_authenticated").asBoolean()).isFalse();
        assertThat(r.at("/intermediate_session_token")).isNotEmpty();
        assertThat(r.json().has("mfa_required")).isTrue();
    }

    @Test
    @DisplayName("a state is used once; an unknown state and a missing one are refused")
    void stateSingleUse() {
        String org = flows.organization();
        String conn = sso.oidcConnection(org);
        sso.oidcIdp.nextUser(TestOidcProviderUser.withEmail(email()));
        SsoLogins.Raw started = sso.start("connection_id", conn);
        URI callback = sso.oidcIdp.callbackFor(URI.create(started.location()));
        String path = callback.getRawPath() + "?" + callback.getRawQuery();
        assertThat(sso.get(path).status()).isEqualTo(302);
        SsoLogins.Raw again = sso.unchanged(() -> sso.get(path));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorType()).isEqualTo("oidc_csrf_cookie_mismatch");
        assertThat(again.location()).isNull();
        assertThat(sso.unchanged(() -> sso.get("/v1/b2b/sso/callback/" + conn + "?code=x"))
                        .errorType())
                .isEqualTo("missing_oidc_state_param");
        assertThat(sso.unchanged(() -> sso.get("/v1/b2b/sso/callback/" + conn + "?code=x&state=forged"))
                        .errorType())
                .isEqualTo("oidc_csrf_cookie_mismatch");
    }

    @Test
    @DisplayName("a wrong nonce, a foreign signature and an unverified email are refused without a member")
    void idTokenRefusals() {
        String org = flows.organization();
        String conn = sso.oidcConnection(org);
        sso.oidcIdp.misbehave(TestOidcProvider.Misbehavior.WRONG_NONCE);
        SsoLogins.Raw nonce = sso.unchanged(() -> sso.oidc(conn, TestOidcProviderUser.withEmail(email())));
        assertThat(nonce.status()).isEqualTo(400);
        assertThat(nonce.errorType()).isEqualTo("oidc_invalid_id_token");
        sso.oidcIdp.misbehave(TestOidcProvider.Misbehavior.FOREIGN_KEY);
        assertThat(sso.unchanged(() -> sso.oidc(conn, TestOidcProviderUser.withEmail(email())))
                        .errorType())
                .isEqualTo("oidc_invalid_id_token");
        sso.oidcIdp.misbehave(TestOidcProvider.Misbehavior.DENY_AT_AUTHORIZE);
        assertThat(sso.unchanged(() -> sso.oidc(conn, TestOidcProviderUser.withEmail(email())))
                        .errorType())
                .isEqualTo("oidc_auth_code_error");
        sso.oidcIdp.misbehave(TestOidcProvider.Misbehavior.NONE);
        String unverified = email();
        SsoLogins.Raw r = sso.unchanged(
                () -> sso.oidc(conn, TestOidcProviderUser.withEmail(unverified).unverified()));
        assertThat(r.errorType()).isEqualTo("oidc_response_unverified_email");
        assertThat(new dev.latchkey.testing.Tables(server.databaseUrl)
                        .rows("SELECT id FROM members WHERE email = ?", unverified))
                .isEmpty();
    }

    @Test
    @DisplayName("SSO discovery answers by email domain only: the same for a member and a stranger at that domain")
    void discoveryByDomain() {
        String domain = "d" + UUID.randomUUID().toString().substring(0, 6) + ".test";
        String org = flows.organization("email_allowed_domains", List.of(domain));
        String conn = sso.oidcConnection(org);
        String member = "m@" + domain;
        flows.member(org, member);
        String publicToken = server.project.project().publicToken();
        String auth = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((publicToken + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TestServer.Response known =
                server.send("GET", "/sdk/v1/b2b/sso/discovery/connections?email_address=" + member, null, auth);
        TestServer.Response stranger =
                server.send("GET", "/sdk/v1/b2b/sso/discovery/connections?email_address=nobody@" + domain, null, auth);
        assertThat(known.status()).as(known.text()).isEqualTo(200);
        assertThat(known.json().at("/data/connections").findValuesAsText("connection_id"))
                .containsExactly(conn);
        assertThat(stranger.json().at("/data/connections"))
                .isEqualTo(known.json().at("/data/connections"));
        TestServer.Response elsewhere =
                server.send("GET", "/sdk/v1/b2b/sso/discovery/connections?email_address=m@elsewhere.test", null, auth);
        assertThat(elsewhere.json().at("/data/connections")).isEmpty();
    }

    @Test
    @DisplayName("a project without signup URLs sends a new SSO member to the login URL")
    void noSignupUrl() {
        var other = server.newProject();
        server.app
                .services()
                .redirectUrls()
                .add(other.project(), SsoLogins.APP, List.of(dev.latchkey.project.RedirectKind.LOGIN), true);
        String org = Flows.ok(server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        Flows.json("organization_name", "Other", "organization_slug", "other-" + UUID.randomUUID()),
                        other.project().id(),
                        other.secret()))
                .at("/organization/organization_id");
        String conn = Flows.ok(server.call(
                        "POST",
                        "/v1/b2b/sso/oidc/" + org,
                        Flows.json("display_name", "x"),
                        other.project().id(),
                        other.secret()))
                .at("/connection/connection_id");
        Flows.ok(server.call(
                "PUT",
                "/v1/b2b/sso/oidc/" + org + "/connections/" + conn,
                Flows.json(
                        "issuer",
                        sso.oidcIdp.issuer(),
                        "client_id",
                        TestOidcProvider.CLIENT_ID,
                        "client_secret",
                        TestOidcProvider.CLIENT_SECRET),
                other.project().id(),
                other.secret()));
        sso.oidcIdp.nextUser(TestOidcProviderUser.withEmail(email()));
        SsoLogins.Raw started = sso.get(
                "/v1/public/sso/start?public_token=" + other.project().publicToken() + "&connection_id=" + conn);
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        URI callback = sso.oidcIdp.callbackFor(URI.create(started.location()));
        SsoLogins.Raw landed = sso.get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(landed.location()).startsWith(SsoLogins.APP + "?");
    }
}
