package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: recovery codes obey {@code allowed_mfa_methods}. They back up a TOTP registration, so an organization
 * whose {@code mfa_methods} is RESTRICTED allows them exactly when its allowed methods contain {@code totp};
 * breakglass members are exempt, as for every MFA method.
 */
class RecoveryCodeAllowedMethodsTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A member who enrolled TOTP, in an organization that then restricts MFA to {@code allowed}. */
    record Enrolled(String org, String member, String email, Flows.Enrolled totp) {}

    static Enrolled enrolledThenRestrictedTo(String email, List<String> allowed) {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String member = flows.member(org, email);
        Flows.Enrolled totp = flows.enrollTotp(org, member, email);
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + org,
                Flows.json("mfa_methods", "RESTRICTED", "allowed_mfa_methods", allowed)));
        return new Enrolled(org, member, email, totp);
    }

    static TestServer.Response recover(Enrolled e, String ist) {
        return flows.post(
                "/v1/b2b/recovery_codes/recover",
                "organization_id",
                e.org(),
                "member_id",
                e.member(),
                "recovery_code",
                e.totp().recoveryCodes().get(0),
                "intermediate_session_token",
                ist);
    }

    @Test
    @DisplayName("RESTRICTED to sms_otp: a recovery code is refused and stays unused")
    void recoverWhenOrganizationAllowsOnlySmsThenRefused() {
        Enrolled e = enrolledThenRestrictedTo("recover-sms-only@example.com", List.of("sms_otp"));
        String ist = flows.ist(e.org(), e.email());

        fails(tables.unchanged(() -> recover(e, ist)), 403, "operation_restricted_by_organization_mfa_methods");
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + e.org(),
                Flows.json("allowed_mfa_methods", List.of("sms_otp", "totp"))));
        TestServer.Response done = ok(recover(e, ist));
        assertThat(done.json().get("recovery_codes_remaining").asInt()).isEqualTo(9);
    }

    @Test
    @DisplayName("RESTRICTED to totp: a recovery code completes the login")
    void recoverWhenOrganizationAllowsTotpThenAccepted() {
        Enrolled e = enrolledThenRestrictedTo("recover-totp-only@example.com", List.of("totp"));

        TestServer.Response done = ok(recover(e, flows.ist(e.org(), e.email())));
        assertThat(done.at("/member_session/member_id")).isEqualTo(e.member());
    }

    @Test
    @DisplayName("RESTRICTED to sms_otp: a breakglass member may still use a recovery code")
    void recoverWhenMethodRestrictedAndMemberBreakglassThenAccepted() {
        Enrolled e = enrolledThenRestrictedTo("recover-breakglass@example.com", List.of("sms_otp"));
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + e.org() + "/members/" + e.member(),
                Flows.json("is_breakglass", true)));

        ok(recover(e, flows.ist(e.org(), e.email())));
    }
}
