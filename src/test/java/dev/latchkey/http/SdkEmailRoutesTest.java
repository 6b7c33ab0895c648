package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The email factors and discovery through {@code /sdk/v1}, as the browser SDK calls them: public-token auth,
 * {@code data}-wrapped answers, the intermediate session in the body and the session in the header.
 */
class SdkEmailRoutesTest {
    static final String APP = "http://localhost:5173";

    static TestServer server;
    static Fixtures fx;
    static SdkClient sdk;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
        sdk = new SdkClient(server, server.project.project().publicToken(), APP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    @Test
    void magicLinkLoginOrSignupThenAuthenticateGivesASession() {
        String org = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"acme.test\"]");
        String address = email();
        var sent = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/magic_links/email/login_or_signup",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + address
                        + "\",\"login_redirect_url\":\"http://localhost:5173/authenticate\""
                        + ",\"signup_redirect_url\":\"http://localhost:5173/authenticate\"}"));
        // The browser is told nothing of the member (issue 8): the signup link in the email shows it was created.
        assertThat(sent.json().at("/data/member_created").isMissingNode()).isTrue();
        String token = fx.latestMessageTo(address).get("token").asText();

        var auth = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/magic_links/authenticate",
                "{\"magic_links_token\":\"" + token + "\",\"session_duration_minutes\":60}"));

        assertThat(auth.json().at("/data/member_authenticated").asBoolean()).isTrue();
        assertThat(auth.data("/session_token")).isNotEmpty();
        assertThat(auth.data("/member/status")).isEqualTo("active");
    }

    @Test
    void emailOtpLoginThenAuthenticateGivesASession() {
        String org = fx.organization("OPTIONAL");
        String address = email();
        fx.member(org, address);
        SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/email/login_or_signup",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + address + "\"}"));
        String code = fx.latestMessageTo(address).get("code").asText();

        var auth = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/email/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + address + "\",\"code\":\"" + code
                        + "\",\"session_duration_minutes\":60}"));

        assertThat(auth.data("/session_token")).isNotEmpty();
    }

    @Test
    void discoveryByEmailOtpListsThenExchangesAndCreates() {
        String org = fx.organization("OPTIONAL");
        String address =
                "m@" + UUID.randomUUID().toString().substring(0, 8) + ".test"; // no organization admits its domain
        fx.member(org, address);
        SdkRoutesTest.ok(
                sdk.call("POST", "/sdk/v1/b2b/otps/email/discovery/send", "{\"email_address\":\"" + address + "\"}"));
        String code = fx.latestMessageTo(address).get("code").asText();
        var discovered = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/email/discovery/authenticate",
                "{\"email_address\":\"" + address + "\",\"code\":\"" + code + "\"}"));
        String ist = discovered.data("/intermediate_session_token");
        assertThat(discovered
                        .json()
                        .at("/data/discovered_organizations/0/organization/organization_id")
                        .asText())
                .isEqualTo(org);

        var listed = SdkRoutesTest.ok(sdk.call(
                "POST", "/sdk/v1/b2b/discovery/organizations", "{\"intermediate_session_token\":\"" + ist + "\"}"));
        assertThat(listed.json().at("/data/discovered_organizations").size()).isEqualTo(1);

        var exchanged = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/discovery/intermediate_sessions/exchange",
                "{\"intermediate_session_token\":\"" + ist + "\",\"organization_id\":\"" + org
                        + "\",\"session_duration_minutes\":60}"));
        String session = exchanged.data("/session_token");
        assertThat(session).isNotEmpty();

        // Logged in, the SDK lists the member's organizations with the session in the header.
        var mine = SdkRoutesTest.ok(sdk.call("POST", "/sdk/v1/b2b/discovery/organizations", "{}", session));
        assertThat(mine.data("/email_address")).isEqualTo(address);

        // A fresh discovery session creates a new organization with the caller as its admin.
        server.clock.advance(Duration.ofSeconds(2));
        SdkRoutesTest.ok(
                sdk.call("POST", "/sdk/v1/b2b/otps/email/discovery/send", "{\"email_address\":\"" + address + "\"}"));
        String code2 = fx.latestMessageTo(address).get("code").asText();
        String ist2 = SdkRoutesTest.ok(sdk.call(
                        "POST",
                        "/sdk/v1/b2b/otps/email/discovery/authenticate",
                        "{\"email_address\":\"" + address + "\",\"code\":\"" + code2 + "\"}"))
                .data("/intermediate_session_token");
        var created = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/discovery/organizations/create",
                "{\"intermediate_session_token\":\"" + ist2
                        + "\",\"organization_name\":\"Made in the browser\",\"session_duration_minutes\":60}"));
        assertThat(created.data("/member/is_admin")).isEqualTo("true");
    }

    @Test
    void inviteActsInTheCallersOrganizationAndNeedsASession() {
        String org = fx.organization("OPTIONAL");
        String inviter = email();
        String inviterId = fx.memberWithPassword(org, inviter);
        // inviting needs stytch.member create: the default policy grants it to admins
        server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + inviterId, "{\"roles\":[\"stytch_admin\"]}");
        String session =
                SdkRoutesTest.ok(SdkRoutesTest.loginWith(sdk, org, inviter)).data("/session_token");
        String invitee = email();

        var invited = SdkRoutesTest.ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/magic_links/email/invite",
                "{\"email_address\":\"" + invitee + "\",\"invite_redirect_url\":\"http://localhost:5173/invite\"}",
                session));
        assertThat(invited.data("/member/status")).isEqualTo("invited");
        assertThat(invited.data("/organization/organization_id")).isEqualTo(org);

        var anonymous =
                sdk.call("POST", "/sdk/v1/b2b/magic_links/email/invite", "{\"email_address\":\"" + email() + "\"}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorType()).isEqualTo("unauthorized_credentials");
    }
}
