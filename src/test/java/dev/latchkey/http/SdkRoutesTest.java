package dev.latchkey.http;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import dev.latchkey.totp.Base32;
import dev.latchkey.totp.Totp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /sdk/v1} endpoint called as the browser SDK calls it: the public token in Basic auth, the caller's
 * session as its password, success bodies under {@code data} with {@code request_id} and {@code status_code} inside.
 */
class SdkRoutesTest {
    static final String APP = "http://localhost:5173";
    static final String STRONG = "a brand new passphrase for 2027!";

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
        return "m-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Asserts the SDK envelope: only {@code data} at the top, with the request id and status inside. */
    static SdkClient.Response ok(SdkClient.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> top = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("data");
        assertThat(r.data("/request_id")).startsWith("request-id-test-");
        assertThat(r.json().at("/data/status_code").asInt()).isEqualTo(200);
        return r;
    }

    static SdkClient.Response login(String org, String email) {
        return loginWith(sdk, org, email);
    }

    static SdkClient.Response loginWith(SdkClient sdk, String org, String email) {
        return sdk.call(
                "POST",
                "/sdk/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\"" + PASSWORD
                        + "\",\"session_duration_minutes\":60}");
    }

    /** A logged-in member of an OPTIONAL organization: {organization_id, member_id, session_token}. */
    static String[] loggedIn() {
        String org = fx.organization("OPTIONAL");
        String email = email();
        String member = fx.memberWithPassword(org, email);
        return new String[] {org, member, ok(login(org, email)).data("/session_token"), email};
    }

    static String totpCode(String secret) {
        return Totp.DEFAULT.codeAt(Base32.decode(secret), server.clock.instant());
    }

    /** Enrols the logged-in member in TOTP (optional enrollment) and returns the create response's data. */
    static JsonNode enrolTotp(String org, String member, String session) {
        var created = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\"}",
                session));
        ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp/authenticate",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\",\"code\":\""
                        + totpCode(created.data("/secret")) + "\",\"set_mfa_enrollment\":\"enroll\"}",
                session));
        server.clock.advance(Duration.ofSeconds(90)); // the next TOTP code is a fresh one
        return created.json().get("data");
    }

    @Test
    void bootstrapThenProjectSettingsWithCaptchaAndDfpOff() {
        var r = ok(sdk.call(
                "GET", "/sdk/v1/projects/bootstrap/" + server.project.project().publicToken(), null));

        JsonNode d = r.json().get("data");
        assertThat(d.at("/captcha_settings/enabled").asBoolean(true)).isFalse();
        assertThat(d.get("dfp_protected_auth_enabled").asBoolean(true)).isFalse();
        assertThat(d.has("password_config")).isTrue();
        assertThat(d.get("password_config").isNull()).isTrue(); // zxcvbn policy
        assertThat(d.get("pkce_required_for_password_resets").asBoolean(true)).isFalse();
        assertThat(d.get("pkce_required_for_email_magic_links").asBoolean(true)).isFalse();
        assertThat(d.get("vertical").asText()).isEqualTo("B2B");
        assertThat(d.has("rbac_policy")).isTrue();
    }

    @Test
    void bootstrapOfUnknownPublicTokenThenUnauthorized() {
        var r = sdk.call("GET", "/sdk/v1/projects/bootstrap/public-token-test-" + UUID.randomUUID(), null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
        assertThat(r.json().has("data")).isFalse();
    }

    @Test
    void eventsThenAccepted() {
        var r = sdk.raw("POST", "/sdk/v1/events", "[]", java.util.Map.of());

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void passwordsAuthenticateWithoutMfaThenSessionAndBothTokensUnderData() {
        String org = fx.organization("OPTIONAL");
        String email = email();
        fx.memberWithPassword(org, email);

        var r = ok(login(org, email));

        assertThat(r.data("/member_authenticated")).isEqualTo("true");
        assertThat(r.data("/member_session/member_session_id")).startsWith("member-session-test-");
        assertThat(r.data("/session_token")).isNotEmpty();
        assertThat(r.data("/session_jwt")).isNotEmpty();
        assertThat(r.data("/intermediate_session_token")).isEmpty();
    }

    @Test
    void passwordsAuthenticateWrongPasswordThenFlatErrorEnvelope() {
        String org = fx.organization("OPTIONAL");
        String email = email();
        fx.memberWithPassword(org, email);

        var r = sdk.call(
                "POST",
                "/sdk/v1/b2b/passwords/authenticate",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"password\":\"nope\"}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().has("data")).isFalse();
        assertThat(r.errorType()).isNotEmpty();
        assertThat(r.json().get("request_id").asText()).startsWith("request-id-test-");
        assertThat(r.header("Content-Type")).contains("application/json");
    }

    @Test
    void strengthCheckThenScoreUnderData() {
        var r = ok(sdk.call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"" + STRONG + "\"}"));

        assertThat(r.data("/valid_password")).isEqualTo("true");
    }

    @Test
    void emailResetStartThenResetWithTheMailedTokenLogsIn() {
        String org = fx.organization("OPTIONAL");
        String email = email();
        String member = fx.memberWithPassword(org, email);

        var start = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/passwords/email/reset/start",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email
                        + "\",\"reset_password_redirect_url\":\"" + APP + "/reset\"}"));
        // The browser is told nothing of the member (issue 8): the email proves it.
        assertThat(start.data("/member_id")).isNull();
        String token = fx.latestMessageTo(email).get("token").asText();

        var reset = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/passwords/email/reset",
                "{\"password_reset_token\":\"" + token + "\",\"password\":\"" + STRONG
                        + "\",\"session_duration_minutes\":60}"));

        assertThat(reset.data("/member_session/member_id")).isEqualTo(member);
        assertThat(reset.data("/session_token")).isNotEmpty();
    }

    @Test
    void existingPasswordResetThenNewPasswordLogsIn() {
        String org = fx.organization("OPTIONAL");
        String email = email();
        fx.memberWithPassword(org, email);

        var r = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/passwords/existing_password/reset",
                "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email + "\",\"existing_password\":\""
                        + PASSWORD + "\",\"new_password\":\"" + STRONG + "\",\"session_duration_minutes\":60}"));

        assertThat(r.data("/session_token")).isNotEmpty();
    }

    @Test
    void sessionResetThenOrganizationAndSessionComeFromTheHeader() {
        String[] m = loggedIn();

        var r = ok(sdk.call("POST", "/sdk/v1/b2b/passwords/session/reset", "{\"password\":\"" + STRONG + "\"}", m[2]));

        assertThat(r.data("/organization_id")).isEqualTo(m[0]);
        assertThat(r.data("/member_id")).isEqualTo(m[1]);
        assertThat(r.data("/member_session")).isNotNull();
    }

    @Test
    void sessionResetWhenLoggedOutThenUnauthorizedCredentials() {
        var r = sdk.call("POST", "/sdk/v1/b2b/passwords/session/reset", "{\"password\":\"" + STRONG + "\"}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @Test
    void sessionsAuthenticateThenTheHeaderSessionWithAFreshJwt() {
        String[] m = loggedIn();

        var r = ok(sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{\"session_duration_minutes\":60}", m[2]));

        assertThat(r.data("/member_session/member_id")).isEqualTo(m[1]);
        assertThat(r.data("/session_token")).isEqualTo(m[2]);
        assertThat(r.data("/session_jwt")).isNotEmpty();
    }

    @Test
    void sessionsAuthenticateWhenLoggedOutThenUnrecoverableUnauthorizedCredentials() {
        var r = sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @Test
    void sessionsRevokeThenTheCallersSessionIsDead() {
        String[] m = loggedIn();

        var r = ok(sdk.call("POST", "/sdk/v1/b2b/sessions/revoke", null, m[2]));
        var after = sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", m[2]);

        assertThat(r.data("/request_id")).isNotEmpty();
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.errorType()).isEqualTo("session_not_found");
    }

    @Test
    void sessionsRevokeThenIgnoresSessionIdsInTheBody() {
        String[] victim = loggedIn();
        String victimSessionId = ok(sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", victim[2]))
                .data("/member_session/member_session_id");
        String[] attacker = loggedIn();

        ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/sessions/revoke",
                "{\"member_session_id\":\"" + victimSessionId + "\",\"member_id\":\"" + victim[1] + "\"}",
                attacker[2]));

        ok(sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", victim[2]));
    }

    @Test
    void sessionsExchangeThenUsesTheHeaderSession() {
        String[] m = loggedIn();
        String other = fx.organization("OPTIONAL");
        fx.memberWithPassword(other, m[3]);

        var r = sdk.call(
                "POST",
                "/sdk/v1/b2b/sessions/exchange",
                "{\"organization_id\":\"" + other + "\",\"session_duration_minutes\":60}",
                m[2]);

        // A password proves nothing in another organization (SPEC §5), so the exchange reached the rules.
        assertThat(r.errorType()).isEqualTo("insufficient_factors_for_session_exchange");
    }

    @Test
    void organizationsMeThenTheCallersOrganization() {
        String[] m = loggedIn();

        var r = ok(sdk.call("GET", "/sdk/v1/b2b/organizations/me", null, m[2]));

        assertThat(r.data("/organization/organization_id")).isEqualTo(m[0]);
    }

    @Test
    void membersMeThenTheCallersMember() {
        String[] m = loggedIn();

        var r = ok(sdk.call("GET", "/sdk/v1/b2b/organizations/members/me", null, m[2]));

        assertThat(r.data("/member/member_id")).isEqualTo(m[1]);
        assertThat(r.data("/organization/organization_id")).isEqualTo(m[0]);
    }

    @Test
    void organizationsMeWhenLoggedOutThenUnauthorizedCredentials() {
        var r = sdk.call("GET", "/sdk/v1/b2b/organizations/me", null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @Test
    void requiredEnrollmentByTotpThroughTheIntermediateSession() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String email = email();
        String member = fx.memberWithPassword(org, email);
        var first = ok(login(org, email));
        String ist = first.data("/intermediate_session_token");
        assertThat(first.data("/member_session")).isNull();
        assertThat(first.json().at("/data/mfa_required/member_options").isNull())
                .isTrue();

        var created = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member
                        + "\",\"intermediate_session_token\":\"" + ist + "\"}"));
        assertThat(created.data("/qr_code")).startsWith("data:image/png;base64,");
        assertThat(created.json().at("/data/recovery_codes")).hasSize(10);

        var done = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp/authenticate",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\",\"code\":\""
                        + totpCode(created.data("/secret")) + "\",\"intermediate_session_token\":\"" + ist
                        + "\",\"session_duration_minutes\":60}"));

        assertThat(done.data("/session_token")).isNotEmpty();
        assertThat(done.data("/session_jwt")).isNotEmpty();
        assertThat(done.data("/member/mfa_enrolled")).isEqualTo("true");
    }

    @Test
    void requiredEnrollmentBySmsThroughTheIntermediateSession() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String email = email();
        String member = fx.memberWithPassword(org, email);
        String ist = ok(login(org, email)).data("/intermediate_session_token");
        String phone = "+1415555" + (1000 + (int) (Math.random() * 8999));

        var sent = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/sms/send",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\",\"mfa_phone_number\":\"" + phone
                        + "\",\"intermediate_session_token\":\"" + ist + "\"}"));
        assertThat(sent.data("/member_id")).isEqualTo(member);
        String code = fx.latestMessageTo(phone).get("code").asText();

        var done = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/sms/authenticate",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\",\"code\":\"" + code
                        + "\",\"intermediate_session_token\":\"" + ist + "\",\"session_duration_minutes\":60}"));

        assertThat(done.data("/member_session/member_id")).isEqualTo(member);
        assertThat(done.data("/member/mfa_phone_number_verified")).isEqualTo("true");
    }

    @Test
    void smsSendWithNeitherIntermediateSessionNorSessionThenRefused() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String member = fx.memberWithPassword(org, email());

        var r = sdk.call(
                "POST",
                "/sdk/v1/b2b/otps/sms/send",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member
                        + "\",\"mfa_phone_number\":\"+14155550100\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("no_session_arguments");
    }

    @Test
    void totpCreateWithNeitherIntermediateSessionNorSessionThenRefused() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String member = fx.memberWithPassword(org, email());

        var r = sdk.call(
                "POST", "/sdk/v1/b2b/totp", "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\"}");

        assertThat(r.errorType()).isEqualTo("no_session_arguments");
    }

    @Test
    void optionalEnrollmentAndStepUpWithTheHeaderSession() {
        String[] m = loggedIn();
        String secret = enrolTotp(m[0], m[1], m[2]).get("secret").asText();

        var stepUp = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp/authenticate",
                "{\"organization_id\":\"" + m[0] + "\",\"member_id\":\"" + m[1] + "\",\"code\":\"" + totpCode(secret)
                        + "\",\"session_duration_minutes\":60}",
                m[2]));

        assertThat(stepUp.data("/session_token")).isEqualTo(m[2]);
        List<String> factors = new ArrayList<>();
        stepUp.json()
                .at("/data/member_session/authentication_factors")
                .forEach(f -> factors.add(f.get("delivery_method").asText()));
        assertThat(factors).contains("knowledge", "authenticator_app");
        assertThat(stepUp.data("/member/mfa_enrolled")).isEqualTo("true");
    }

    @Test
    void recoveryCodesGetAndRotateActOnTheCallersMember() {
        String[] m = loggedIn();
        JsonNode created = enrolTotp(m[0], m[1], m[2]);

        var got = ok(sdk.call("GET", "/sdk/v1/b2b/recovery_codes", null, m[2]));
        var rotated = ok(sdk.call("POST", "/sdk/v1/b2b/recovery_codes/rotate", "{}", m[2]));

        assertThat(got.data("/member_id")).isEqualTo(m[1]);
        assertThat(got.json().at("/data/recovery_codes")).hasSize(10);
        assertThat(got.json().at("/data/recovery_codes").get(0).asText())
                .isEqualTo(created.get("recovery_codes").get(0).asText());
        assertThat(rotated.json().at("/data/recovery_codes").get(0).asText())
                .isNotEqualTo(created.get("recovery_codes").get(0).asText());
    }

    @Test
    void recoveryCodesGetWhenLoggedOutThenUnauthorizedCredentials() {
        var r = sdk.call("GET", "/sdk/v1/b2b/recovery_codes", null);

        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @Test
    void recoverWithTheIntermediateSessionThenSessionAndRemainingCount() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String email = email();
        String member = fx.memberWithPassword(org, email);
        String ist = ok(login(org, email)).data("/intermediate_session_token");
        var created = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member
                        + "\",\"intermediate_session_token\":\"" + ist + "\"}"));
        ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/totp/authenticate",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\",\"code\":\""
                        + totpCode(created.data("/secret")) + "\",\"intermediate_session_token\":\"" + ist + "\"}"));
        String secondIst = ok(login(org, email)).data("/intermediate_session_token");

        var r = ok(sdk.call(
                "POST",
                "/sdk/v1/b2b/recovery_codes/recover",
                "{\"organization_id\":\"" + org + "\",\"member_id\":\"" + member + "\",\"recovery_code\":\""
                        + created.json().at("/data/recovery_codes").get(0).asText()
                        + "\",\"intermediate_session_token\":\"" + secondIst + "\",\"session_duration_minutes\":60}"));

        assertThat(r.data("/member_session/member_id")).isEqualTo(member);
        assertThat(r.json().at("/data/recovery_codes_remaining").asInt()).isEqualTo(9);
    }
}
