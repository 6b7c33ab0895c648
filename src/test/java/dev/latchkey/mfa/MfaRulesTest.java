package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Flows.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The security numbers of DESIGN.md that span factors, over HTTP: TOTP replay, the member lock, the lifetime and
 * single use of intermediate sessions, and single use of recovery codes under concurrency.
 */
class MfaRulesTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;
    static String required;
    static String optional;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        optional = flows.organization("mfa_policy", "OPTIONAL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response totp(String member, String code, String ist) {
        return flows.post(
                "/v1/b2b/totp/authenticate",
                "organization_id",
                required,
                "member_id",
                member,
                "code",
                code,
                "intermediate_session_token",
                ist);
    }

    static TestServer.Response recover(String member, String code, String ist) {
        return flows.post(
                "/v1/b2b/recovery_codes/recover",
                "organization_id",
                required,
                "member_id",
                member,
                "recovery_code",
                code,
                "intermediate_session_token",
                ist);
    }

    static TestServer.Response wrongPassword(String org, String email) {
        return flows.post(
                "/v1/b2b/passwords/authenticate",
                "organization_id",
                org,
                "email_address",
                email,
                "password",
                "not the password at all 17");
    }

    static TestServer.Response member(String org, String member) {
        return ok(flows.get("/v1/b2b/organizations/" + org + "/member?member_id=" + member));
    }

    @Test
    void totpAuthenticateWhenTheSameCodeIsUsedTwiceThenTheReplayIsRejected() {
        String email = "replay@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String code = flows.totpCode(e.secret());

        ok(totp(member, code, flows.ist(required, email)));
        String second = flows.ist(required, email);
        fails(totp(member, code, second), 400, "totp_code_already_authenticated");

        // The refused replay did not consume the intermediate session: the next code completes it.
        server.clock.advance(Duration.ofSeconds(30));
        ok(totp(member, flows.totpCode(e.secret()), second));
    }

    @Test
    void totpStepUpWhenTheSameCodeIsUsedTwiceThenTheReplayIsRejected() {
        String email = "replay-step-up@example.com";
        String member = flows.member(optional, email);
        String token = flows.session(optional, email).at("/session_token");
        String secret = ok(flows.post(
                        "/v1/b2b/totp", "organization_id", optional, "member_id", member, "session_token", token))
                .at("/secret");
        String code = flows.totpCode(secret);
        TestServer.Response first = flows.post(
                "/v1/b2b/totp/authenticate",
                "organization_id",
                optional,
                "member_id",
                member,
                "code",
                code,
                "session_token",
                token);
        ok(first);

        TestServer.Response again = flows.post(
                "/v1/b2b/totp/authenticate",
                "organization_id",
                optional,
                "member_id",
                member,
                "code",
                code,
                "session_token",
                token);
        fails(again, 400, "totp_code_already_authenticated");
    }

    @Test
    @DisplayName("10 failed password logins lock the member for an hour, even against the right password")
    void tenFailedAuthenticationsLockTheMemberForAnHour() {
        String email = "locked@example.com";
        String member = flows.member(optional, email);
        for (int i = 0; i < 10; i++) {
            fails(wrongPassword(optional, email), 401, "unauthorized_credentials");
        }
        Instant lockedAt = server.clock.instant();

        TestServer.Response locked = member(optional, member);
        assertThat(locked.json().at("/member/is_locked").asBoolean()).isTrue();
        assertThat(Instant.parse(locked.at("/member/lock_expires_at"))).isEqualTo(lockedAt.plus(Duration.ofHours(1)));
        fails(flows.login(optional, email), 401, "user_lock_limit_reached");

        server.clock.advance(Duration.ofHours(1).minusSeconds(1));
        fails(flows.login(optional, email), 401, "user_lock_limit_reached");

        server.clock.advance(Duration.ofSeconds(1));
        flows.session(optional, email);
        assertThat(member(optional, member).json().at("/member/is_locked").asBoolean())
                .isFalse();
    }

    @Test
    void nineFailuresDoNotLockAndASuccessStartsTheCountAgain() {
        String email = "reset-count@example.com";
        String member = flows.member(optional, email);
        for (int i = 0; i < 9; i++) {
            fails(wrongPassword(optional, email), 401, "unauthorized_credentials");
        }
        flows.session(optional, email);
        for (int i = 0; i < 9; i++) {
            fails(wrongPassword(optional, email), 401, "unauthorized_credentials");
        }

        assertThat(member(optional, member).json().at("/member/is_locked").asBoolean())
                .isFalse();
        flows.session(optional, email);
    }

    @Test
    @DisplayName("Wrong TOTP codes and wrong passwords count apart (issue 8): 5 and 5 do not lock; 10 wrong"
            + " passwords do, and then the right TOTP code fails too")
    void failuresOfPrimaryAndSecondFactorsCountApart() {
        String email = "mixed-lock@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        String later = flows.ist(required, email);
        for (int i = 0; i < 5; i++) {
            fails(totp(member, wrong(flows.totpCode(e.secret())), ist), 401, "unable_to_authenticate_totp");
        }
        for (int i = 0; i < 5; i++) {
            fails(wrongPassword(required, email), 401, "unauthorized_credentials");
        }
        assertThat(member(required, member).json().at("/member/is_locked").asBoolean())
                .isFalse();

        for (int i = 0; i < 5; i++) {
            fails(wrongPassword(required, email), 401, "unauthorized_credentials");
        }
        assertThat(member(required, member).json().at("/member/is_locked").asBoolean())
                .isTrue();
        fails(totp(member, flows.totpCode(e.secret()), later), 401, "user_lock_limit_reached");
        fails(recover(member, e.recoveryCodes().get(0), later), 401, "user_lock_limit_reached");
    }

    @Test
    void intermediateSessionWhenTenMinutesPassedThenNotFound() {
        String email = "ist-expiry@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        TestServer.Response login = ok(flows.login(required, email));
        assertThat(Instant.parse(login.at("/intermediate_session_token_expires_at")))
                .isEqualTo(server.clock.instant().plus(Duration.ofMinutes(10)));
        String ist = login.at("/intermediate_session_token");

        server.clock.advance(Duration.ofMinutes(10));

        fails(totp(member, flows.totpCode(e.secret()), ist), 404, "intermediate_session_not_found");
        fails(recover(member, e.recoveryCodes().get(0), ist), 404, "intermediate_session_not_found");
        fails(flows.login(required, email, "intermediate_session_token", ist), 404, "intermediate_session_not_found");
    }

    @Test
    void intermediateSessionJustBeforeTenMinutesThenCompletesTheLogin() {
        String email = "ist-in-time@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);

        server.clock.advance(Duration.ofMinutes(10).minusSeconds(1));

        ok(totp(member, flows.totpCode(e.secret()), ist));
    }

    @Test
    void intermediateSessionWhenConsumedThenCannotBeUsedAgain() {
        String email = "ist-consumed@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        ok(recover(member, e.recoveryCodes().get(0), ist));

        fails(recover(member, e.recoveryCodes().get(1), ist), 404, "intermediate_session_not_found");
        fails(totp(member, flows.totpCode(e.secret()), ist), 404, "intermediate_session_not_found");
        fails(flows.login(required, email, "intermediate_session_token", ist), 404, "intermediate_session_not_found");
        fails(
                flows.post(
                        "/v1/b2b/otps/sms/send",
                        "organization_id",
                        required,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        flows.newPhone(),
                        "intermediate_session_token",
                        ist),
                404,
                "intermediate_session_not_found");
    }

    @Test
    @DisplayName(
            "Four concurrent completions of one intermediate session, each with its own recovery code: one session")
    void intermediateSessionWhenUsedConcurrentlyThenExactlyOneSession() {
        String email = "ist-race@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        int sessionsBefore = liveSessions(member);

        List<Supplier<TestServer.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String code = e.recoveryCodes().get(i);
            calls.add(() -> recover(member, code, ist));
        }
        List<TestServer.Response> results = Flows.concurrently(calls);

        assertThat(results)
                .extracting(TestServer.Response::status, TestServer.Response::errorType)
                .containsExactlyInAnyOrder(
                        tuple(200, null),
                        tuple(404, "intermediate_session_not_found"),
                        tuple(404, "intermediate_session_not_found"),
                        tuple(404, "intermediate_session_not_found"));
        assertThat(liveSessions(member)).isEqualTo(sessionsBefore + 1);
        // Only the winner's code was spent; the losers' transactions rolled back.
        assertThat(unusedRecoveryCodes(member)).isEqualTo(9);
    }

    @Test
    @DisplayName("A TOTP code and a recovery code racing on one intermediate session: exactly one wins")
    void intermediateSessionWhenTwoFactorsRaceThenExactlyOneSuccess() {
        String email = "ist-race-two@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        String code = flows.totpCode(e.secret());

        List<TestServer.Response> results = Flows.concurrently(List.of(
                () -> totp(member, code, ist),
                () -> recover(member, e.recoveryCodes().get(0), ist)));

        assertThat(results).extracting(TestServer.Response::status).containsExactlyInAnyOrder(200, 404);
        assertThat(results)
                .filteredOn(r -> r.status() == 404)
                .extracting(TestServer.Response::errorType)
                .containsExactly("intermediate_session_not_found");
    }

    @Test
    @DisplayName("Four concurrent uses of one recovery code, each with its own intermediate session: exactly one")
    void recoveryCodeWhenUsedConcurrentlyThenExactlyOneSuccess() {
        String email = "recovery-race@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String code = e.recoveryCodes().get(0);
        List<Supplier<TestServer.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String ist = flows.ist(required, email);
            calls.add(() -> recover(member, code, ist));
        }

        List<TestServer.Response> results = Flows.concurrently(calls);

        assertThat(results)
                .extracting(TestServer.Response::status, TestServer.Response::errorType)
                .containsExactlyInAnyOrder(
                        tuple(200, null),
                        tuple(401, "unable_to_authenticate_recovery_code"),
                        tuple(401, "unable_to_authenticate_recovery_code"),
                        tuple(401, "unable_to_authenticate_recovery_code"));
        TestServer.Response winner =
                results.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        assertThat(winner.json().get("recovery_codes_remaining").asInt()).isEqualTo(9);
        assertThat(unusedRecoveryCodes(member)).isEqualTo(9);
    }

    @Test
    @DisplayName("A recovery code proves TOTP's backup, not the phone: an unverified phone stays unverified")
    void recoverWhenDefaultMethodIsSmsThenThePhoneIsNotMarkedVerified() {
        String email = "recover-phone@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        ok(server.call(
                "PUT",
                "/v1/b2b/organizations/" + required + "/members/" + member,
                Flows.json("mfa_phone_number", flows.newPhone(), "default_mfa_method", "sms_otp")));

        TestServer.Response done = ok(recover(member, e.recoveryCodes().get(0), flows.ist(required, email)));

        assertThat(done.json().at("/member/mfa_phone_number_verified").asBoolean())
                .isFalse();
        assertThat(done.at("/member/default_mfa_method")).isEqualTo("sms_otp");
    }

    private static int liveSessions(String member) {
        return tables.rows("SELECT id FROM member_sessions WHERE member_id = ? AND revoked_at IS NULL", member)
                .size();
    }

    private static int unusedRecoveryCodes(String member) {
        return tables.rows("SELECT id FROM recovery_codes WHERE member_id = ? AND used_at IS NULL", member)
                .size();
    }
}
