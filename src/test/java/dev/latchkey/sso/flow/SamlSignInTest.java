package dev.latchkey.sso.flow;

import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.sso.AuthenticateRequest;
import com.stytch.java.b2b.models.sso.AuthenticateResponse;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import dev.latchkey.testidp.TestSamlIdp;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SAML SSO end to end (issue 9): connection set up through the API, {@code sso/start} followed to the test IdP, its
 * signed answer posted to the ACS, the app's redirect, and {@code sso.authenticate} through the official Java SDK.
 */
class SamlSignInTest {
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
    @DisplayName(
            "a new member signs up through SAML (JIT), lands on the signup URL, and sso.authenticate gives a session")
    void samlSignupThenSession() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String email = email();
        SsoLogins.Raw landed =
                sso.saml(conn, email, r -> r.attribute("dept", "Research").attribute("groups", "eng"));
        assertThat(landed.location()).startsWith(SsoLogins.APP_SIGNUP + "?");

        AuthenticateResponse auth = Sdk.ok(server.sdk()
                .getSso()
                .authenticateCompletable(new AuthenticateRequest(SsoLogins.token(landed), null, null, null, 60, null)));
        assertThat(auth.getMemberAuthenticated()).isTrue();
        assertThat(auth.getSessionToken()).isNotEmpty();
        assertThat(auth.getResetSession()).isFalse();
        assertThat(auth.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(auth.getMember().getName()).isEqualTo("Ada Lovelace");
        assertThat(auth.getMember().getEmailAddressVerified()).isTrue();
        assertThat(auth.getMember().getTrustedMetadata()).containsEntry("department", "Research");
        assertThat(auth.getMember().getSsoRegistrations()).singleElement().satisfies(reg -> {
            assertThat(reg.getConnectionId()).isEqualTo(conn);
            assertThat(reg.getExternalId()).isEqualTo("subject-" + email);
            assertThat(reg.getSsoAttributes()).containsEntry("dept", "Research");
        });
        AuthenticationFactor factor =
                auth.getMemberSession().getAuthenticationFactors().get(0);
        assertThat(factor.getDeliveryMethod().name()).isEqualTo("SSO_SAML");
        assertThat(factor.getSamlSSOFactor().getProviderId()).isEqualTo(conn);
        assertThat(factor.getSamlSSOFactor().getExternalId()).isEqualTo("subject-" + email);
        assertThat(factor.getSamlSSOFactor().getId())
                .isEqualTo(auth.getMember().getSsoRegistrations().get(0).getRegistrationId());
    }

    @Test
    @DisplayName("an existing member logs in (login URL) and custom attributes merge into trusted_metadata")
    void existingMemberLogsIn() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String email = email();
        String memberId = flows.member(org, email);
        SsoLogins.Raw first = sso.saml(conn, email, r -> r.attribute("dept", "Research"));
        assertThat(first.location()).startsWith(SsoLogins.APP + "?");
        ok(sso.authenticate(SsoLogins.token(first)));
        // A later login without the attribute keeps it (§1.6), and the same subject finds the same member.
        TestServer.Response second = ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email))));
        assertThat(second.at("/member_id")).isEqualTo(memberId);
        assertThat(second.at("/member/trusted_metadata/department")).isEqualTo("Research");
        assertThat(second.json().at("/member/sso_registrations")).hasSize(1);
    }

    @Test
    @DisplayName("JIT: NOT_ALLOWED refuses a new member and writes nothing; RESTRICTED allows only listed connections")
    void jitSettings() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org,
                Flows.json("sso_jit_provisioning", "NOT_ALLOWED", "email_invites", "ALL_ALLOWED")));
        TestSamlIdp.AuthnRequestSeen req = sso.startSaml(conn);
        String response = sso.answer(conn, req, email()).build();
        SsoLogins.Raw refused = unchanged(() -> sso.post(conn, response, req.relayState()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorType()).isEqualTo("invalid_connection_for_jit_provisioning");

        String other = sso.samlConnection(org);
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org,
                Flows.json(
                        "sso_jit_provisioning",
                        "RESTRICTED",
                        "sso_jit_provisioning_allowed_connections",
                        List.of(other))));
        assertThat(sso.saml(conn, email()).errorType()).isEqualTo("invalid_connection_for_jit_provisioning");
        assertThat(sso.saml(other, email()).location()).startsWith(SsoLogins.APP_SIGNUP);
        // An existing member logs in whatever the JIT setting.
        String email = email();
        flows.member(org, email);
        assertThat(sso.saml(conn, email).location()).startsWith(SsoLogins.APP + "?");
    }

    @Test
    @DisplayName("IdP-initiated: allowed by default (to the default login URL); refused when disabled")
    void idpInitiated() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String email = email();
        flows.member(org, email);
        SsoLogins.Raw landed = sso.post(conn, sso.answer(conn, null, email).build(), null);
        assertThat(landed.location()).as(landed.body()).startsWith(SsoLogins.APP + "?");
        ok(sso.authenticate(SsoLogins.token(landed)));

        String strict = sso.samlConnection(org, "idp_initiated_auth_disabled", true);
        String response = sso.answer(strict, null, email).build();
        SsoLogins.Raw refused = unchanged(() -> sso.post(strict, response, "some-idp-value"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorType()).isEqualTo("saml_idp_initiated_auth_disabled");
    }

    @Test
    @DisplayName("an IdP-initiated response that claims to answer a request is refused")
    void unsolicitedWithInResponseTo() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String response =
                sso.answer(conn, null, email()).inResponseTo("_never-sent").build();
        SsoLogins.Raw r = unchanged(() -> sso.post(conn, response, null));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.location()).isNull();
    }

    @Test
    @DisplayName("a replayed assertion is duplicate_saml_response; a reused RelayState is refused")
    void replays() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String email = email();
        TestSamlIdp.AuthnRequestSeen req = sso.startSaml(conn);
        var first = sso.answer(conn, req, email);
        String response = first.build();
        assertThat(sso.post(conn, response, req.relayState()).status()).isEqualTo(302);

        SsoLogins.Raw sameRelay = unchanged(() -> sso.post(conn, response, req.relayState()));
        assertThat(sameRelay.errorType()).isEqualTo("saml_csrf_cookie_mismatch");
        // A fresh login answered with the assertion id already used is a replay.
        TestSamlIdp.AuthnRequestSeen fresh = sso.startSaml(conn);
        String replayed =
                sso.answer(conn, fresh, email).assertionId(first.assertionId()).build();
        SsoLogins.Raw dup = unchanged(() -> sso.post(conn, replayed, fresh.relayState()));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.errorType()).isEqualTo("duplicate_saml_response");
    }

    @Test
    @DisplayName("a response answering another login's AuthnRequest is refused")
    void wrongInResponseTo() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        TestSamlIdp.AuthnRequestSeen mine = sso.startSaml(conn);
        TestSamlIdp.AuthnRequestSeen other = sso.startSaml(conn);
        String response = sso.answer(conn, other, email()).build();
        SsoLogins.Raw r = unchanged(() -> sso.post(conn, response, mine.relayState()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.location()).isNull();
    }

    @Test
    @DisplayName("start refuses an unlisted redirect URL, an inactive or unknown connection, and a bad public token")
    void startRefusals() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        SsoLogins.Raw badUrl = sso.start("connection_id", conn, "login_redirect_url", "https://evil.example/cb");
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.errorType()).isEqualTo("invalid_login_sso_url");
        assertThat(badUrl.location()).isNull();
        String pending = ok(server.call("POST", "/v1/b2b/sso/saml/" + org, Flows.json("display_name", "p")))
                .at("/connection/connection_id");
        assertThat(sso.start("connection_id", pending).errorType()).isEqualTo("requires_active_sso_connection");
        assertThat(sso.start("connection_id", "saml-connection-test-nope").errorType())
                .isEqualTo("sso_connection_not_found");
        assertThat(sso.start().errorType()).isEqualTo("missing_sso_connection_locator");
        SsoLogins.Raw noToken = sso.get("/v1/public/sso/start?public_token=nope&connection_id=" + conn);
        assertThat(noToken.status()).isEqualTo(401);
        // organization_id uses the organization's default connection
        ok(server.call("PUT", "/v1/b2b/organizations/" + org, Flows.json("sso_default_connection_id", conn)));
        SsoLogins.Raw byOrg = sso.start("organization_id", org);
        assertThat(byOrg.status()).as(byOrg.body()).isEqualTo(302);
        assertThat(byOrg.json().path("redirect_url").asText()).isEqualTo(byOrg.location());
    }

    @Test
    @DisplayName("a deleted member's IdP subject signs up anew: a new member takes over the registration")
    void deletedMemberSignsUpAgain() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        String email = email();
        String first =
                ok(sso.authenticate(SsoLogins.token(sso.saml(conn, email)))).at("/member_id");
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org + "/members/" + first, null));
        SsoLogins.Raw again = sso.saml(conn, email);
        assertThat(again.location()).startsWith(SsoLogins.APP_SIGNUP);
        TestServer.Response r = ok(sso.authenticate(SsoLogins.token(again)));
        assertThat(r.at("/member_id")).isNotEqualTo(first);
        assertThat(r.json().at("/member/sso_registrations")).hasSize(1);
    }

    @Test
    @DisplayName("an external connection signs members in to its own organization, with its own roles and JIT rule")
    void externalConnection() {
        String owner = flows.organization();
        String source = sso.samlConnection(owner);
        String user = flows.organization();
        String external = ok(server.call(
                        "POST",
                        "/v1/b2b/sso/external/" + user,
                        Flows.json(
                                "external_organization_id",
                                owner,
                                "external_connection_id",
                                source,
                                "display_name",
                                "Partner IdP",
                                "connection_implicit_role_assignments",
                                List.of(Map.of("role_id", "stytch_admin")))))
                .at("/connection/connection_id");
        String email = email();
        // The same person is first a member of the owner organization, through the source connection itself.
        assertThat(sso.saml(source, email).location()).startsWith(SsoLogins.APP_SIGNUP);
        // through the external connection: the start names it, the IdP still answers at the source connection
        TestSamlIdp.AuthnRequestSeen req = TestSamlIdp.readAuthnRequest(
                URI.create(sso.start("connection_id", external).location()));
        SsoLogins.Raw viaExternal =
                sso.post(source, sso.answer(source, req, email).build(), req.relayState());
        TestServer.Response r = ok(sso.authenticate(SsoLogins.token(viaExternal)));
        assertThat(r.at("/organization_id")).isEqualTo(user);
        assertThat(r.at("/member/sso_registrations/0/connection_id")).isEqualTo(external);
        assertThat(r.at("/member_session/authentication_factors/0/saml_sso_factor/provider_id"))
                .isEqualTo(external);
        assertThat(r.json().at("/member_session/roles").toString()).contains("stytch_admin");

        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + user,
                Flows.json(
                        "sso_jit_provisioning",
                        "RESTRICTED",
                        "sso_jit_provisioning_allowed_connections",
                        List.of(external))));
        TestSamlIdp.AuthnRequestSeen again = TestSamlIdp.readAuthnRequest(
                URI.create(sso.start("connection_id", external).location()));
        SsoLogins.Raw allowed =
                sso.post(source, sso.answer(source, again, email()).build(), again.relayState());
        assertThat(allowed.location()).startsWith(SsoLogins.APP_SIGNUP);
    }

    @Test
    @DisplayName("the same SAML response posted in parallel is accepted exactly once")
    void parallelPosts() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        TestSamlIdp.AuthnRequestSeen req = sso.startSaml(conn);
        String response = sso.answer(conn, req, email()).build();
        List<TestServer.Response> answers = Flows.concurrently(List.of(
                () -> asResponse(sso.post(conn, response, req.relayState())),
                () -> asResponse(sso.post(conn, response, req.relayState())),
                () -> asResponse(sso.post(conn, response, req.relayState()))));
        assertThat(answers.stream().filter(a -> a.status() == 302)).hasSize(1);
        assertThat(answers.stream().filter(a -> a.status() == 400)).hasSize(2);
        assertThat(tables.rows("SELECT id FROM sso_tokens WHERE connection_id = ?", conn))
                .hasSize(1);
    }

    @Test
    @DisplayName("custom attributes that would push trusted_metadata past 4 KB refuse the login and write nothing")
    void hugeCustomAttribute() {
        String org = flows.organization();
        String conn = sso.samlConnection(org);
        TestSamlIdp.AuthnRequestSeen req = sso.startSaml(conn);
        String response = sso.answer(conn, req, email())
                .attribute("dept", "x".repeat(5000))
                .build();
        SsoLogins.Raw r = unchanged(() -> sso.post(conn, response, req.relayState()));
        assertThat(r.errorType()).isEqualTo("metadata_too_large");
    }

    private static TestServer.Response asResponse(SsoLogins.Raw r) {
        return new TestServer.Response(r.status(), null, r.body());
    }

    static SsoLogins.Raw unchanged(Supplier<SsoLogins.Raw> call) {
        return sso.unchanged(call);
    }
}
