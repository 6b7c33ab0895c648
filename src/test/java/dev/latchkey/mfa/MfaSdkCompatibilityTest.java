package dev.latchkey.mfa;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.otpsms.SendRequest;
import com.stytch.java.b2b.models.passwords.AuthenticateRequest;
import com.stytch.java.b2b.models.passwords.AuthenticateResponse;
import com.stytch.java.b2b.models.recoverycodes.GetRequest;
import com.stytch.java.b2b.models.recoverycodes.RecoverRequest;
import com.stytch.java.b2b.models.recoverycodes.RecoverResponse;
import com.stytch.java.b2b.models.recoverycodes.RotateRequest;
import com.stytch.java.b2b.models.totps.CreateRequest;
import com.stytch.java.b2b.models.totps.CreateResponse;
import com.stytch.java.b2b.models.totps.MigrateRequest;
import com.stytch.java.b2b.models.totps.MigrateResponse;
import com.stytch.java.common.ErrorResponse;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import dev.latchkey.totp.Base32;
import dev.latchkey.totp.Totp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The second-factor endpoints through the official Java SDK: SMS send and authenticate, TOTP create, authenticate
 * and migrate, recovery codes get, rotate and recover, and the organization's MFA-method restriction. Every
 * response must map fully into the SDK's models.
 */
class MfaSdkCompatibilityTest {
    /** RFC 6238 Appendix B's SHA-1 seed, "12345678901234567890", in base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static String required;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AuthenticateResponse login(String org, String email) {
        return ok(sdk.getPasswords()
                .authenticateCompletable(
                        new AuthenticateRequest(org, email, PASSWORD, null, null, null, Map.of(), null, null, null)));
    }

    static com.stytch.java.b2b.models.totps.AuthenticateResponse totp(
            String org, String member, String code, String ist, String sessionToken) {
        return ok(sdk.getTotps()
                .authenticateCompletable(new com.stytch.java.b2b.models.totps.AuthenticateRequest(
                        org, member, code, ist, sessionToken, null, null, Map.of(), null, null, null)));
    }

    @Test
    void smsSendAndAuthenticateCompleteAnIntermediateSession() {
        String member = flows.member(required, "sms-sdk@example.com");
        String ist = login(required, "sms-sdk@example.com").getIntermediateSessionToken();
        String phone = flows.newPhone();

        var sent = ok(sdk.getOtps()
                .getSms()
                .sendCompletable(new SendRequest(required, member, phone, null, ist, null, null)));
        assertThat(sent.getMemberId()).isEqualTo(member);
        assertThat(sent.getOrganization().getOrganizationId()).isEqualTo(required);
        var done = ok(sdk.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        required, member, flows.latestCode(phone), ist, null, null, 30, Map.of(), null, null, null)));

        assertThat(done.getMemberSession().getExpiresAt())
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(done.getSessionJWT()).isNotEmpty();
        assertThat(done.getMember().getMfaPhoneNumberVerified()).isTrue();
    }

    @Test
    @DisplayName(
            "TOTP migrate with the member's codes: the registration is active, its codes work, recovery codes kept")
    void totpMigrateBringsAnActiveRegistrationWithItsRecoveryCodes() {
        String email = "migrate-sdk@example.com";
        String member = flows.member(required, email);
        List<String> codes = List.of("aaaa-bbbb-cccc", "dddd-eeee-ffff", "2222-3333-4444");

        MigrateResponse migrated =
                ok(sdk.getTotps().migrateCompletable(new MigrateRequest(required, member, RFC_SECRET, codes)));

        assertThat(migrated.getTotpRegistrationId()).startsWith("member-totp-test-");
        assertThat(migrated.getRecoveryCodes()).containsExactlyElementsOf(codes);
        assertThat(migrated.getMember().getTotpRegistrationId()).isEqualTo(migrated.getTotpRegistrationId());

        AuthenticateResponse next = login(required, email);
        assertThat(next.getMfaRequired().getMemberOptions().getTotpRegistrationId())
                .isEqualTo(migrated.getTotpRegistrationId());
        String code = Totp.DEFAULT.codeAt(Base32.decode(RFC_SECRET), server.clock.instant());
        var done = totp(required, member, code, next.getIntermediateSessionToken(), null);
        assertThat(done.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD", "TOTP");

        RecoverResponse recovered = ok(sdk.getRecoveryCodes()
                .recoverCompletable(new RecoverRequest(
                        required,
                        member,
                        "DDDD-EEEE-FFFF",
                        login(required, email).getIntermediateSessionToken(),
                        null,
                        null,
                        null,
                        Map.of(),
                        null)));
        assertThat(recovered.getRecoveryCodesRemaining()).isEqualTo(2);
    }

    @Test
    void totpMigrateWithoutRecoveryCodesMintsTen() {
        String member = flows.member(required, "migrate-mint-sdk@example.com");

        MigrateResponse migrated =
                ok(sdk.getTotps().migrateCompletable(new MigrateRequest(required, member, RFC_SECRET, List.of())));

        assertThat(migrated.getRecoveryCodes())
                .hasSize(10)
                .allMatch(c -> c.matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}"));
    }

    @Test
    @DisplayName(
            "Recovery codes: get shows the set, rotate replaces it, recover with an IST logs in and counts what is left")
    void recoveryCodesGetRotateAndRecover() {
        String email = "codes-sdk@example.com";
        String member = flows.member(required, email);
        String ist = login(required, email).getIntermediateSessionToken();
        CreateResponse created =
                ok(sdk.getTotps().createCompletable(new CreateRequest(required, member, null, ist, null, null)));
        totp(required, member, flows.totpCode(created.getSecret()), ist, null);

        var got = ok(sdk.getRecoveryCodes().getCompletable(new GetRequest(required, member)));
        assertThat(got.getRecoveryCodes()).containsExactlyElementsOf(created.getRecoveryCodes());
        assertThat(got.getMember().getTotpRegistrationId()).isEqualTo(created.getTotpRegistrationId());

        var rotated = ok(sdk.getRecoveryCodes().rotateCompletable(new RotateRequest(required, member)));
        assertThat(rotated.getRecoveryCodes()).hasSize(10).doesNotContainAnyElementsOf(created.getRecoveryCodes());
        assertThat(ok(sdk.getRecoveryCodes().getCompletable(new GetRequest(required, member)))
                        .getRecoveryCodes())
                .containsExactlyElementsOf(rotated.getRecoveryCodes());

        String next = login(required, email).getIntermediateSessionToken();
        ErrorResponse old = error(sdk.getRecoveryCodes()
                .recoverCompletable(new RecoverRequest(
                        required, member, created.getRecoveryCodes().get(0), next, null, null, null, Map.of(), null)));
        assertThat(old.getErrorType()).isEqualTo("unable_to_authenticate_recovery_code");

        RecoverResponse recovered = ok(sdk.getRecoveryCodes()
                .recoverCompletable(new RecoverRequest(
                        required, member, rotated.getRecoveryCodes().get(3), next, null, null, null, Map.of(), null)));
        assertThat(recovered.getRecoveryCodesRemaining()).isEqualTo(9);
        assertThat(recovered.getMemberSession().getAuthenticationFactors())
                .extracting(f -> f.getType().name())
                .containsExactly("PASSWORD", "RECOVERY_CODES");
        assertThat(recovered.getSessionToken()).isNotEmpty();
        assertThat(ok(sdk.getRecoveryCodes().getCompletable(new GetRequest(required, member)))
                        .getRecoveryCodes())
                .hasSize(9)
                .doesNotContain(rotated.getRecoveryCodes().get(3));
    }

    @Test
    @DisplayName("mfa_methods RESTRICTED to totp: SMS is refused, except for a breakglass member")
    void smsWhenOrganizationAllowsOnlyTotpThenRefusedUnlessBreakglass() {
        String org = flows.organization(
                "mfa_policy", "OPTIONAL", "mfa_methods", "RESTRICTED", "allowed_mfa_methods", List.of("totp"));
        String member = flows.member(org, "totp-only@example.com");
        String token = login(org, "totp-only@example.com").getSessionToken();

        ErrorResponse refused = error(sdk.getOtps()
                .getSms()
                .sendCompletable(new SendRequest(org, member, flows.newPhone(), null, null, token, null)));
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(refused.getErrorType()).isEqualTo("operation_restricted_by_organization_mfa_methods");
        CreateResponse allowed =
                ok(sdk.getTotps().createCompletable(new CreateRequest(org, member, null, null, token, null)));
        assertThat(allowed.getSecret()).hasSize(32);

        String breakglass = flows.member(org, "breakglass@example.com");
        Flows.ok(server.call(
                "PUT", "/v1/b2b/organizations/" + org + "/members/" + breakglass, Flows.json("is_breakglass", true)));
        String bgToken = login(org, "breakglass@example.com").getSessionToken();
        String phone = flows.newPhone();
        ok(sdk.getOtps().getSms().sendCompletable(new SendRequest(org, breakglass, phone, null, null, bgToken, null)));
        var stepped = ok(sdk.getOtps()
                .getSms()
                .authenticateCompletable(new com.stytch.java.b2b.models.otpsms.AuthenticateRequest(
                        org,
                        breakglass,
                        flows.latestCode(phone),
                        null,
                        bgToken,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null)));
        assertThat(stepped.getMemberSession().getAuthenticationFactors()).hasSize(2);
    }
}
