package dev.latchkey.mfa;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.otpsms.SendResponse;
import com.stytch.java.b2b.models.passwords.AuthenticateResponse;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.b2b.models.totps.CreateResponse;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import dev.latchkey.totp.Base32;
import dev.latchkey.totp.Totp;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The flows of the seed page (shared/seed/headless-mfa.txt), end to end through the official Java SDK: required
 * enrollment (TOTP and SMS), returning MFA with the SMS pre-sent, optional enrollment and step-up.
 */
class SeedFlowsTest {
    static TestServer server;
    static StytchB2BClient sdk;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AuthenticateResponse login(String org, String email, String ist, String sessionToken) {
        return ok(sdk.getPasswords()
                .authenticateCompletable(new com.stytch.java.b2b.models.passwords.AuthenticateRequest(
                        org, email, PASSWORD, sessionToken, null, null, Map.of(), null, ist, null)));
    }

    static String totpCode(String secret) {
        return Totp.DEFAULT.codeAt(Base32.decode(secret), server.clock.instant());
    }

    @Test
    @DisplayName(
            "Required enrollment by TOTP: password → IST with member_options null → TOTP create → authenticate → session")
    void requiredEnrollmentWithTotp() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String member = fx.memberWithPassword(org, "ada@example.com");

        AuthenticateResponse first = login(org, "ada@example.com", null, null);
        assertThat(first.getMemberAuthenticated()).isFalse();
        assertThat(first.getMemberSession()).isNull();
        assertThat(first.getSessionToken()).isEmpty();
        assertThat(first.getIntermediateSessionToken()).isNotEmpty();
        assertThat(first.getMfaRequired().getMemberOptions()).isNull();
        assertThat(first.getMfaRequired().getSecondaryAuthInitiated()).isNull();

        CreateResponse totp = ok(sdk.getTotps()
                .createCompletable(new com.stytch.java.b2b.models.totps.CreateRequest(
                        org, member, null, first.getIntermediateSessionToken(), null, null)));
        assertThat(totp.getQrCode()).startsWith("data:image/png;base64,");
        assertThat(totp.getRecoveryCodes()).hasSize(10);

        var done = ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        org,
                        member,
                        totpCode(totp.getSecret()),
                        first.getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        MemberSession session = done.getMemberSession();
        assertThat(session).isNotNull();
        assertThat(session.getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD", "TOTP");
        assertThat(done.getMember().getMfaEnrolled()).isTrue();
        assertThat(done.getMember().getTotpRegistrationId()).isEqualTo(totp.getTotpRegistrationId());
        assertThat(done.getMember().getDefaultMfaMethod()).isEqualTo("totp");

        // The intermediate session became the session: it cannot be used again.
        var reuse = error(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        org,
                        member,
                        totpCode(totp.getSecret()),
                        first.getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        assertThat(reuse.getErrorType()).isIn("intermediate_session_not_found", "totp_code_already_authenticated");

        // The next login now offers the TOTP registration.
        AuthenticateResponse next = login(org, "ada@example.com", null, null);
        assertThat(next.getMfaRequired().getMemberOptions().getTotpRegistrationId())
                .isEqualTo(totp.getTotpRegistrationId());
        assertThat(next.getMfaRequired().getSecondaryAuthInitiated()).isNull();
    }

    @Test
    @DisplayName("Required enrollment by SMS: password → IST → sms send with a new number → authenticate → session")
    void requiredEnrollmentWithSms() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String member = fx.memberWithPassword(org, "grace@example.com");
        AuthenticateResponse first = login(org, "grace@example.com", null, null);
        String ist = first.getIntermediateSessionToken();

        SendResponse sent = ok(sdk.getOtps()
                .getSms()
                .sendCompletable(new com.stytch.java.b2b.models.otpsms.SendRequest(
                        org, member, "+1 (415) 555-0142".replaceAll("[ ()-]", ""), null, ist, null, null)));
        assertThat(sent.getMember().getMfaPhoneNumber()).isEqualTo("+14155550142");
        assertThat(sent.getMember().getMfaPhoneNumberVerified()).isFalse();
        String code = fx.latestMessageTo("+14155550142").get("code").asText();

        var done = ok(sdk.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        org, member, code, ist, null, null, null, Map.of(), null, null, null)));
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(AuthenticationFactor::getDeliveryMethod)
                .extracting(Enum::name)
                .containsExactly("KNOWLEDGE", "SMS");
        assertThat(done.getMember().getMfaPhoneNumberVerified()).isTrue();
        assertThat(done.getMember().getMfaEnrolled()).isTrue();
        assertThat(done.getMember().getDefaultMfaMethod()).isEqualTo("sms_otp");
    }

    @Test
    @DisplayName(
            "Returning MFA: with SMS as default the code is already in the outbox and secondary_auth_initiated is sms_otp")
    void returningMfaPreSendsSms() {
        String org = fx.organization("REQUIRED_FOR_ALL");
        String member = fx.memberWithPassword(org, "linus@example.com");
        enrollSms(org, member, "linus@example.com", "+14155550143");
        int before = fx.messageCountTo("+14155550143");

        AuthenticateResponse login = login(org, "linus@example.com", null, null);
        assertThat(login.getMemberAuthenticated()).isFalse();
        assertThat(login.getMfaRequired().getSecondaryAuthInitiated()).isEqualTo("sms_otp");
        assertThat(login.getMfaRequired().getMemberOptions().getMfaPhoneNumber())
                .isEqualTo("+14155550143");
        assertThat(login.getMfaRequired().getMemberOptions().getTotpRegistrationId())
                .isEmpty();
        assertThat(fx.messageCountTo("+14155550143")).isEqualTo(before + 1);

        String code = fx.latestMessageTo("+14155550143").get("code").asText();
        var done = ok(sdk.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        org,
                        member,
                        code,
                        login.getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        assertThat(done.getMemberSession().getAuthenticationFactors()).hasSize(2);
    }

    @Test
    @DisplayName(
            "Optional enrollment: a session adds SMS with set_mfa_enrollment=enroll, and the next login demands MFA")
    void optionalEnrollmentThenNextLoginDemandsMfa() {
        String org = fx.organization("OPTIONAL");
        String member = fx.memberWithPassword(org, "barbara@example.com");
        AuthenticateResponse login = login(org, "barbara@example.com", null, null);
        assertThat(login.getMemberAuthenticated()).isTrue();
        String token = login.getSessionToken();

        ok(sdk.getOtps()
                .getSms()
                .sendCompletable(new com.stytch.java.b2b.models.otpsms.SendRequest(
                        org, member, "+14155550144", null, null, token, null)));
        String code = fx.latestMessageTo("+14155550144").get("code").asText();
        var stepped = ok(sdk.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        org, member, code, null, token, null, null, Map.of(), "enroll", null, null)));
        assertThat(stepped.getMember().getMfaEnrolled()).isTrue();
        assertThat(stepped.getMemberSession().getMemberSessionId())
                .isEqualTo(login.getMemberSession().getMemberSessionId());
        assertThat(stepped.getMemberSession().getAuthenticationFactors()).hasSize(2);

        AuthenticateResponse next = login(org, "barbara@example.com", null, null);
        assertThat(next.getMemberAuthenticated()).isFalse();
        assertThat(next.getMfaRequired().getMemberOptions().getMfaPhoneNumber()).isEqualTo("+14155550144");
        assertThat(next.getMfaRequired().getSecondaryAuthInitiated()).isEqualTo("sms_otp");
    }

    @Test
    @DisplayName("Step-up without enrollment: the factor joins the session and the next login still needs no MFA")
    void stepUpWithoutEnrollment() {
        String org = fx.organization("OPTIONAL");
        String member = fx.memberWithPassword(org, "edsger@example.com");
        AuthenticateResponse login = login(org, "edsger@example.com", null, null);
        String token = login.getSessionToken();

        CreateResponse totp = ok(sdk.getTotps()
                .createCompletable(
                        new com.stytch.java.b2b.models.totps.CreateRequest(org, member, null, null, token, null)));
        var stepped = ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        org, member, totpCode(totp.getSecret()), null, token, null, null, Map.of(), null, null, null)));
        assertThat(stepped.getMember().getMfaEnrolled()).isFalse();
        assertThat(stepped.getMemberSession().getAuthenticationFactors()).hasSize(2);

        AuthenticateResponse next = login(org, "edsger@example.com", null, null);
        assertThat(next.getMemberAuthenticated()).isTrue();

        // A primary login carrying the live session is a step-up onto it, never an MFA demand.
        AuthenticateResponse again = login(org, "edsger@example.com", null, next.getSessionToken());
        assertThat(again.getMemberAuthenticated()).isTrue();
        assertThat(again.getMemberSession().getMemberSessionId())
                .isEqualTo(next.getMemberSession().getMemberSessionId());
    }

    @Test
    @DisplayName("The official SDK verifies our session JWT locally against the JWKS and rejects a tampered one")
    void sdkVerifiesSessionJwtLocally() {
        server.clock.set(java.time.Instant.now()); // the SDK checks exp against the system clock
        String org = fx.organization("OPTIONAL");
        fx.memberWithPassword(org, "jwt@example.com");
        AuthenticateResponse login = login(org, "jwt@example.com", null, null);
        String jwt = login.getSessionJWT();

        MemberSession local = ok(sdk.getSessions().authenticateJwtLocalCompletable(jwt, (Integer) null, null, 0));
        assertThat(local.getMemberId()).isEqualTo(login.getMemberId());
        assertThat(local.getOrganizationId()).isEqualTo(org);

        String[] parts = jwt.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];
        var result = sdk.getSessions()
                .authenticateJwtLocalCompletable(tampered, (Integer) null, null, 0)
                .join();
        assertThat(result).isInstanceOf(com.stytch.java.common.StytchResult.Error.class);
    }

    private void enrollSms(String org, String member, String email, String phone) {
        AuthenticateResponse first = login(org, email, null, null);
        ok(sdk.getOtps()
                .getSms()
                .sendCompletable(new com.stytch.java.b2b.models.otpsms.SendRequest(
                        org, member, phone, null, first.getIntermediateSessionToken(), null, null)));
        String code = fx.latestMessageTo(phone).get("code").asText();
        ok(sdk.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        org,
                        member,
                        code,
                        first.getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        true,
                        null)));
    }
}
