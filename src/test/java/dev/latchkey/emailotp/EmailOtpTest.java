package dev.latchkey.emailotp;

import static dev.latchkey.testing.Sdk.error;
import static dev.latchkey.testing.Sdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.otpemail.AuthenticateRequest;
import com.stytch.java.b2b.models.otpemail.AuthenticateResponse;
import com.stytch.java.b2b.models.otpemail.LoginOrSignupRequest;
import com.stytch.java.b2b.models.otpemail.LoginOrSignupResponse;
import com.stytch.java.b2b.models.otpemaildiscovery.SendRequest;
import com.stytch.java.common.StytchResult;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Inbox;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Email one-time passcodes (issue 4) through the official Java SDK, with the codes read from real email: login and
 * signup, and the rules that keep a code single, short-lived and hard to guess.
 */
class EmailOtpTest {
    static Inbox inbox;
    static TestServer server;
    static StytchB2BClient sdk;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        inbox = new Inbox();
        server = inbox.startServer();
        sdk = server.sdk();
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        inbox.close();
    }

    @BeforeEach
    void nextSecond() {
        server.clock.advance(Duration.ofSeconds(1)); // one email per address per second
    }

    static String address() {
        return "otp-" + UUID.randomUUID().toString().substring(0, 8) + "@otp.test";
    }

    /** A member of an OPTIONAL organization who was just sent a login code; returns {org, email, code}. */
    static String[] codeSent() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        return new String[] {org, email, send(org, email)};
    }

    static String send(String org, String email) {
        ok(sdk.getOtps().getEmail().loginOrSignupCompletable(new LoginOrSignupRequest(org, email)));
        return inbox.latestTo(email).code();
    }

    static CompletableFuture<StytchResult<AuthenticateResponse>> authenticate(String org, String email, String code) {
        return sdk.getOtps().getEmail().authenticateCompletable(new AuthenticateRequest(org, email, code));
    }

    /** A well-formed code that is not {@code code}. */
    static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }

    @Test
    @DisplayName("Login: the emailed code gives a session with an email_otp factor and verifies the address")
    void loginWithEmailedCode() {
        String org = fx.organization("OPTIONAL");
        String member = fx.member(org, "ada@otp-login.test");

        LoginOrSignupResponse sent = ok(
                sdk.getOtps().getEmail().loginOrSignupCompletable(new LoginOrSignupRequest(org, "ada@otp-login.test")));
        assertThat(sent.getMemberCreated()).isFalse();
        assertThat(sent.getMemberId()).isEqualTo(member);
        Inbox.Email email = inbox.latestTo("ada@otp-login.test");
        assertThat(email.subject()).startsWith("Your login code");

        AuthenticateResponse done = ok(authenticate(org, "ada@otp-login.test", email.code()));
        assertThat(done.getMemberAuthenticated()).isTrue();
        assertThat(done.getMemberId()).isEqualTo(member);
        assertThat(done.getOrganizationId()).isEqualTo(org);
        assertThat(done.getMember().getEmailAddressVerified()).isTrue();
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("EMAIL_OTP");
        assertThat(done.getMethodId())
                .isEqualTo(done.getMemberSession()
                        .getAuthenticationFactors()
                        .get(0)
                        .getEmailFactor()
                        .getEmailId());
    }

    @Test
    @DisplayName("Signup: an address of an allowed domain becomes a pending member, then active with the code")
    void signupByDomain() {
        String org = fx.organizationWith(
                "\"email_jit_provisioning\":\"RESTRICTED\",\"email_allowed_domains\":[\"otp-signup.test\"]");
        LoginOrSignupResponse sent = ok(
                sdk.getOtps().getEmail().loginOrSignupCompletable(new LoginOrSignupRequest(org, "bo@otp-signup.test")));
        assertThat(sent.getMemberCreated()).isTrue();
        assertThat(sent.getMember().getStatus()).isEqualTo("pending");

        AuthenticateResponse done = ok(authenticate(
                org, "bo@otp-signup.test", inbox.latestTo("bo@otp-signup.test").code()));
        assertThat(done.getMember().getStatus()).isEqualTo("active");
        assertThat(done.getMemberAuthenticated()).isTrue();
    }

    @Test
    void authenticateWhenCodeReplayedThenOtpCodeNotFound() {
        String[] s = codeSent();
        ok(authenticate(s[0], s[1], s[2]));
        error(authenticate(s[0], s[1], s[2]), "otp_code_not_found", 404);
    }

    @Test
    void authenticateWhenTenMinutesPassedThenOtpCodeNotFound() {
        String[] s = codeSent();
        server.clock.advance(Duration.ofMinutes(10));
        error(authenticate(s[0], s[1], s[2]), "otp_code_not_found", 404);

        server.clock.advance(Duration.ofSeconds(1));
        String fresh = send(s[0], s[1]);
        server.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(ok(authenticate(s[0], s[1], fresh)).getMemberAuthenticated()).isTrue();
    }

    @Test
    void authenticateAfterFourWrongTriesThenTheRightCodeStillWorks() {
        String[] s = codeSent();
        for (int i = 0; i < EmailOtps.MAX_WRONG_TRIES - 1; i++) {
            error(authenticate(s[0], s[1], wrong(s[2])), "unable_to_auth_otp_code", 401);
        }
        assertThat(ok(authenticate(s[0], s[1], s[2])).getMemberAuthenticated()).isTrue();
    }

    @Test
    void authenticateAfterFiveWrongTriesThenTheCodeIsDead() {
        String[] s = codeSent();
        for (int i = 0; i < EmailOtps.MAX_WRONG_TRIES; i++) {
            error(authenticate(s[0], s[1], wrong(s[2])), "unable_to_auth_otp_code", 401);
        }
        error(authenticate(s[0], s[1], s[2]), "otp_code_not_found", 404);
        error(authenticate(s[0], s[1], wrong(s[2])), "otp_code_not_found", 404);
    }

    @Test
    void sendWhenACodeIsLiveThenTheOldCodeDies() {
        String[] s = codeSent();
        server.clock.advance(Duration.ofSeconds(1));
        String second = send(s[0], s[1]);
        if (!second.equals(s[2])) {
            error(authenticate(s[0], s[1], s[2]), "unable_to_auth_otp_code", 401);
        }
        assertThat(ok(authenticate(s[0], s[1], second)).getMemberAuthenticated())
                .isTrue();
        error(authenticate(s[0], s[1], s[2]), "otp_code_not_found", 404);
    }

    @Test
    void authenticateWithAnotherOrganizationsCodeThenRejects() {
        String[] s = codeSent();
        String other = fx.organization("OPTIONAL");
        fx.member(other, s[1]);
        error(authenticate(other, s[1], s[2]), "otp_code_not_found", 404);
        assertThat(ok(authenticate(s[0], s[1], s[2])).getMemberAuthenticated()).isTrue();
    }

    @Test
    void sendTwiceWithinASecondThenTooManyRequests() {
        String[] s = codeSent();
        int before = inbox.countTo(s[1]);
        error(
                sdk.getOtps().getEmail().loginOrSignupCompletable(new LoginOrSignupRequest(s[0], s[1])),
                "too_many_requests",
                429);
        error(sdk.getOtps().getEmail().getDiscovery().sendCompletable(new SendRequest(s[1])), "too_many_requests", 429);
        assertThat(inbox.countTo(s[1])).isEqualTo(before);
        // The refused sends changed nothing: the first code is still the live one.
        server.clock.advance(Duration.ofSeconds(1));
        ok(sdk.getOtps().getEmail().loginOrSignupCompletable(new LoginOrSignupRequest(s[0], s[1])));
        assertThat(inbox.countTo(s[1])).isEqualTo(before + 1);
    }

    @Test
    void discoveryCodeIsSingleUseExpiresAndDiesAfterFiveWrongTries() {
        String email = address();
        var discovery = sdk.getOtps().getEmail().getDiscovery();
        ok(discovery.sendCompletable(new SendRequest(email)));
        String code = inbox.latestTo(email).code();
        var auth = new com.stytch.java.b2b.models.otpemaildiscovery.AuthenticateRequest(email, code);
        assertThat(ok(discovery.authenticateCompletable(auth)).getIntermediateSessionToken())
                .isNotEmpty();
        error(discovery.authenticateCompletable(auth), "otp_code_not_found", 404);

        server.clock.advance(Duration.ofSeconds(1));
        ok(discovery.sendCompletable(new SendRequest(email)));
        String expiring = inbox.latestTo(email).code();
        server.clock.advance(Duration.ofMinutes(10));
        error(
                discovery.authenticateCompletable(
                        new com.stytch.java.b2b.models.otpemaildiscovery.AuthenticateRequest(email, expiring)),
                "otp_code_not_found",
                404);

        server.clock.advance(Duration.ofSeconds(1));
        ok(discovery.sendCompletable(new SendRequest(email)));
        String guessed = inbox.latestTo(email).code();
        for (int i = 0; i < EmailOtps.MAX_WRONG_TRIES; i++) {
            error(
                    discovery.authenticateCompletable(
                            new com.stytch.java.b2b.models.otpemaildiscovery.AuthenticateRequest(
                                    email, wrong(guessed))),
                    "unable_to_auth_otp_code",
                    401);
        }
        error(
                discovery.authenticateCompletable(
                        new com.stytch.java.b2b.models.otpemaildiscovery.AuthenticateRequest(email, guessed)),
                "otp_code_not_found",
                404);
    }

    @Test
    void discoveryCodeDoesNotLogIntoAnOrganization() {
        String org = fx.organization("OPTIONAL");
        String email = address();
        fx.member(org, email);
        ok(sdk.getOtps().getEmail().getDiscovery().sendCompletable(new SendRequest(email)));
        String code = inbox.latestTo(email).code();
        error(authenticate(org, email, code), "otp_code_not_found", 404);
    }
}
