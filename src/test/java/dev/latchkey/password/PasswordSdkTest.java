package dev.latchkey.password;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.passwords.AuthenticateRequest;
import com.stytch.java.b2b.models.passwords.AuthenticateResponse;
import com.stytch.java.b2b.models.passwordsemail.ResetRequest;
import com.stytch.java.b2b.models.passwordsemail.ResetResponse;
import com.stytch.java.b2b.models.passwordsemail.ResetStartRequest;
import com.stytch.java.b2b.models.passwordsemail.ResetStartResponse;
import com.stytch.java.common.ErrorResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The password endpoints through the official Java SDK ({@code com.stytch.java:sdk}): every response must map
 * fully into the SDK's models (a missing or null required field would surface as {@code StytchException.Critical}).
 */
class PasswordSdkTest {
    private static final String REDIRECT = "http://localhost:3000/reset";
    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String NEW_PASSWORD = "a brand new passphrase for 2026!";

    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static String optional;
    static String required;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        optional = flows.organization("mfa_policy", "OPTIONAL");
        required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AuthenticateResponse login(String org, String email, String password) {
        return ok(sdk.getPasswords()
                .authenticateCompletable(
                        new AuthenticateRequest(org, email, password, null, null, null, Map.of(), null, null, null)));
    }

    static ErrorResponse loginError(String org, String email, String password) {
        return error(sdk.getPasswords()
                .authenticateCompletable(
                        new AuthenticateRequest(org, email, password, null, null, null, Map.of(), null, null, null)));
    }

    static ResetStartResponse startReset(String org, String email, String challenge) {
        return ok(sdk.getPasswords()
                .getEmail()
                .resetStartCompletable(
                        new ResetStartRequest(org, email, REDIRECT, null, challenge, null, null, null, null)));
    }

    static ResetResponse reset(String token, String verifier) {
        return ok(sdk.getPasswords()
                .getEmail()
                .resetCompletable(
                        new ResetRequest(token, NEW_PASSWORD, null, null, null, verifier, Map.of(), null, null, null)));
    }

    static boolean alive(String sessionToken) {
        return server.call("POST", "/v1/b2b/sessions/authenticate", Flows.json("session_token", sessionToken))
                        .status()
                == 200;
    }

    @Test
    @DisplayName("email reset: start → token from the outbox → reset → a session, the old sessions revoked")
    void emailResetStartThenResetGivesASessionAndRevokesTheOldOnes() {
        String email = "reset-sdk@example.com";
        String member = flows.member(optional, email);
        String before = login(optional, email, PASSWORD).getSessionToken();

        ResetStartResponse started = startReset(optional, email, null);
        assertThat(started.getMemberId()).isEqualTo(member);
        assertThat(started.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(started.getMemberEmailId()).isNotEmpty();
        var mail = flows.latestMessageTo(email);
        assertThat(mail.get("link").asText()).startsWith(REDIRECT + "?stytch_token_type=multi_tenant_passwords&token=");

        ResetResponse done = reset(mail.get("token").asText(), null);

        assertThat(done.getMemberAuthenticated()).isTrue();
        assertThat(done.getMemberEmailId()).isEqualTo(started.getMemberEmailId());
        assertThat(done.getOrganizationId()).isEqualTo(optional);
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD");
        assertThat(done.getIntermediateSessionToken()).isEmpty();
        assertThat(alive(before)).isFalse();
        assertThat(alive(done.getSessionToken())).isTrue();
        assertThat(loginError(optional, email, PASSWORD).getErrorType()).isEqualTo("unauthorized_credentials");
        assertThat(login(optional, email, NEW_PASSWORD).getMemberAuthenticated())
                .isTrue();
    }

    @Test
    @DisplayName("email reset with PKCE in a REQUIRED_FOR_ALL organization: an intermediate session that MFA completes")
    void emailResetWithPkceUnderRequiredMfaGivesAnIntermediateSession() {
        String email = "reset-pkce-sdk@example.com";
        String member = flows.member(required, email);
        startReset(required, email, CHALLENGE);
        String token = flows.latestMessageTo(email).get("token").asText();

        ErrorResponse noVerifier = error(sdk.getPasswords()
                .getEmail()
                .resetCompletable(
                        new ResetRequest(token, NEW_PASSWORD, null, null, null, null, Map.of(), null, null, null)));
        assertThat(noVerifier.getErrorType()).isEqualTo("pkce_expected_code_verifier");
        ResetResponse done = reset(token, VERIFIER);

        assertThat(done.getMemberAuthenticated()).isFalse();
        assertThat(done.getMemberSession()).isNull();
        assertThat(done.getSessionToken()).isEmpty();
        assertThat(done.getSessionJWT()).isEmpty();
        assertThat(done.getMfaRequired()).isNotNull();
        assertThat(done.getMfaRequired().getMemberOptions()).isNull();
        String ist = done.getIntermediateSessionToken();
        assertThat(ist).isNotEmpty();

        var totp = ok(sdk.getTotps()
                .createCompletable(
                        new com.stytch.java.b2b.models.totps.CreateRequest(required, member, null, ist, null, null)));
        var session = ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        required,
                        member,
                        flows.totpCode(totp.getSecret()),
                        ist,
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        assertThat(session.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD", "TOTP");
    }

    @Test
    void existingPasswordResetGivesASessionAndRetiresTheOldPassword() {
        String email = "existing-sdk@example.com";
        flows.member(optional, email);
        String before = login(optional, email, PASSWORD).getSessionToken();

        var done = ok(sdk.getPasswords()
                .getExistingPassword()
                .resetCompletable(new com.stytch.java.b2b.models.passwordsexistingpassword.ResetRequest(
                        email, PASSWORD, NEW_PASSWORD, optional, null, 90, null, Map.of(), null, null)));

        assertThat(done.getMemberAuthenticated()).isTrue();
        assertThat(done.getMemberSession().getExpiresAt())
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(90)));
        assertThat(done.getMfaRequired()).isNull();
        assertThat(done.getPrimaryRequired()).isNull();
        assertThat(alive(before)).isFalse();
        assertThat(loginError(optional, email, PASSWORD).getErrorType()).isEqualTo("unauthorized_credentials");
        assertThat(login(optional, email, NEW_PASSWORD).getMemberAuthenticated())
                .isTrue();

        var wrong = error(sdk.getPasswords()
                .getExistingPassword()
                .resetCompletable(new com.stytch.java.b2b.models.passwordsexistingpassword.ResetRequest(
                        email, PASSWORD, NEW_PASSWORD + "?", optional, null, null, null, Map.of(), null, null)));
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        assertThat(wrong.getErrorType()).isEqualTo("unauthorized_credentials");
    }

    @Test
    @DisplayName(
            "session reset: with a fresh factor it keeps the session and revokes the others; after 6 minutes it is refused")
    void sessionResetWithAFreshFactorThenTooOldAfterSixMinutes() {
        String email = "session-reset-sdk@example.com";
        flows.member(optional, email);
        AuthenticateResponse other = login(optional, email, PASSWORD);
        AuthenticateResponse current = login(optional, email, PASSWORD);

        var done = ok(sdk.getPasswords()
                .getSessions()
                .resetCompletable(new com.stytch.java.b2b.models.passwordssession.ResetRequest(
                        optional, NEW_PASSWORD, current.getSessionToken(), null, null, Map.of(), null, null)));

        assertThat(done.getMemberAuthenticated()).isTrue();
        assertThat(done.getMemberSession().getMemberSessionId())
                .isEqualTo(current.getMemberSession().getMemberSessionId());
        assertThat(done.getSessionToken()).isEqualTo(current.getSessionToken());
        assertThat(done.getIntermediateSessionToken()).isEmpty();
        assertThat(alive(other.getSessionToken())).isFalse();
        assertThat(alive(current.getSessionToken())).isTrue();
        assertThat(login(optional, email, NEW_PASSWORD).getMemberAuthenticated())
                .isTrue();

        AuthenticateResponse later = login(optional, email, NEW_PASSWORD);
        server.clock.advance(Duration.ofMinutes(6));
        ErrorResponse tooOld = error(sdk.getPasswords()
                .getSessions()
                .resetCompletable(new com.stytch.java.b2b.models.passwordssession.ResetRequest(
                        optional, PASSWORD + " again", null, later.getSessionJWT(), null, Map.of(), null, null)));
        assertThat(tooOld.getErrorType()).isEqualTo("session_too_old_to_reset_password");
        assertThat(tooOld.getStatusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("auth_methods RESTRICTED without password: primary_required on password login, but not for breakglass")
    void passwordLoginWhenOrganizationRestrictsAuthMethodsThenPrimaryRequired() {
        String org = flows.organization(
                "auth_methods", "RESTRICTED", "allowed_auth_methods", List.of("magic_link", "email_otp"));
        flows.member(org, "restricted@example.com");

        AuthenticateResponse r = login(org, "restricted@example.com", PASSWORD);

        assertThat(r.getMemberAuthenticated()).isFalse();
        assertThat(r.getMemberSession()).isNull();
        assertThat(r.getSessionToken()).isEmpty();
        assertThat(r.getIntermediateSessionToken()).isNotEmpty();
        assertThat(r.getMfaRequired()).isNull();
        assertThat(r.getPrimaryRequired().getAllowedAuthMethods()).containsExactly("magic_link", "email_otp");

        String breakglass = flows.member(org, "breakglass@example.com");
        Flows.ok(server.call(
                "PUT", "/v1/b2b/organizations/" + org + "/members/" + breakglass, Flows.json("is_breakglass", true)));
        AuthenticateResponse exempt = login(org, "breakglass@example.com", PASSWORD);
        assertThat(exempt.getMemberAuthenticated()).isTrue();
        assertThat(exempt.getPrimaryRequired()).isNull();
    }
}
