package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Flows.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.member.Lockout;
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
 * Issue 8, attempt limits on second factors: an intermediate session dies at its fifth wrong code, however fast
 * they come; wrong second-factor codes are counted apart from wrong passwords, a successful password login does not
 * reset them, and the tenth in a row across sessions locks the member — so TOTP cannot be brute-forced through
 * repeated password logins.
 */
class SecondFactorAttemptLimitsTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;
    static String required;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response totp(String member, String code, String ist) {
        return flows.authenticateTotp(required, member, code, "intermediate_session_token", ist);
    }

    static TestServer.Response wrongPassword(String email) {
        return flows.post(
                "/v1/b2b/passwords/authenticate",
                "organization_id",
                required,
                "email_address",
                email,
                "password",
                "not the password at all 17");
    }

    static boolean isLocked(String member) {
        return ok(flows.get("/v1/b2b/organizations/" + required + "/member?member_id=" + member))
                .json()
                .at("/member/is_locked")
                .asBoolean();
    }

    /** A six-digit code that is neither the code of now nor of the steps either side (never accepted). */
    static String wrongTotp(String secret) {
        return wrongTotp(secret, flows.totpCode(secret));
    }

    /** The next such code after {@code previous}. */
    static String wrongTotp(String secret, String previous) {
        List<String> accepted = List.of(flows.totpCode(secret), codeAt(secret, -30), codeAt(secret, 30));
        String guess = wrong(previous);
        while (accepted.contains(guess)) {
            guess = wrong(guess);
        }
        return guess;
    }

    private static String codeAt(String secret, int seconds) {
        return dev.latchkey.totp.Totp.DEFAULT.codeAt(
                dev.latchkey.totp.Base32.decode(secret), server.clock.instant().plusSeconds(seconds));
    }

    @Test
    @DisplayName("20 wrong TOTP codes racing on one intermediate session: exactly 5 are compared, then it is consumed")
    void intermediateSessionWhenTwentyWrongCodesRaceThenConsumedAfterFive() {
        String email = "ist-race@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        String right = flows.totpCode(e.secret());

        List<Supplier<TestServer.Response>> guesses = new ArrayList<>();
        String guess = right;
        for (int i = 0; i < 20; i++) {
            guess = wrongTotp(e.secret(), guess);
            String g = guess;
            guesses.add(() -> totp(member, g, ist));
        }
        List<TestServer.Response> answers = Flows.concurrently(guesses);

        assertThat(answers.stream().filter(r -> "unable_to_authenticate_totp".equals(r.errorType())))
                .hasSize(Lockout.WRONG_CODES_PER_INTERMEDIATE_SESSION);
        assertThat(answers.stream().filter(r -> "intermediate_session_not_found".equals(r.errorType())))
                .hasSize(20 - Lockout.WRONG_CODES_PER_INTERMEDIATE_SESSION);
        // A new throttle window (20 guesses a minute per member): the right code is refused because the
        // intermediate session is consumed, not because the member's guesses are throttled.
        server.clock.advance(Duration.ofMinutes(1));
        right = flows.totpCode(e.secret());
        fails(totp(member, right, ist), 404, "intermediate_session_not_found");
        assertThat(tables.row(
                                "SELECT consumed_at FROM intermediate_sessions WHERE member_id = ? AND wrong_codes = 5",
                                member)
                        .get("consumed_at"))
                .isNotNull();
        // The session is gone, not the member: a new login still completes with the right code.
        ok(totp(member, flows.totpCode(e.secret()), flows.ist(required, email)));
    }

    @Test
    @DisplayName("TOTP brute force through repeated password logins, one fresh IST per guess: the 10th wrong code locks"
            + " the member, and then neither the password nor the right code gets in for an hour")
    void totpBruteForceThroughRepeatedPasswordLoginsIsStoppedByTheLock() {
        String email = "brute-force@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String spare = flows.ist(required, email);

        for (int i = 0; i < Lockout.SECOND_FACTOR_FAILURE_LIMIT; i++) {
            String ist = flows.ist(required, email); // the password still works: a fresh IST per guess
            fails(totp(member, wrongTotp(e.secret()), ist), 401, "unable_to_authenticate_totp");
        }
        Instant lockedAt = server.clock.instant();

        assertThat(isLocked(member)).isTrue();
        fails(flows.login(required, email), 401, "user_lock_limit_reached");
        fails(totp(member, flows.totpCode(e.secret()), spare), 401, "user_lock_limit_reached");

        server.clock.advance(Duration.between(lockedAt, lockedAt.plus(Lockout.LOCK_DURATION)));
        ok(totp(member, flows.totpCode(e.secret()), flows.ist(required, email)));
    }

    @Test
    @DisplayName("9 wrong passwords and 9 wrong TOTP codes do not lock: the two are counted apart")
    void secondFactorFailuresAreCountedApartFromPasswordFailures() {
        String email = "apart@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String first = flows.ist(required, email);
        String second = flows.ist(required, email);

        for (int i = 0; i < 9; i++) {
            fails(wrongPassword(email), 401, "unauthorized_credentials");
        }
        for (int i = 0; i < 9; i++) {
            fails(totp(member, wrongTotp(e.secret()), i < 5 ? first : second), 401, "unable_to_authenticate_totp");
        }

        assertThat(isLocked(member)).isFalse();
        ok(totp(member, flows.totpCode(e.secret()), second));
    }

    @Test
    @DisplayName(
            "Only a right second factor ends a run of wrong ones: 9 wrong, right, 9 wrong do not lock; one more does")
    void onlyASuccessfulSecondFactorResetsTheSecondFactorCount() {
        String email = "reset-by-mfa@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);

        for (int i = 0; i < 9; i++) {
            fails(totp(member, wrongTotp(e.secret()), flows.ist(required, email)), 401, "unable_to_authenticate_totp");
        }
        ok(totp(member, flows.totpCode(e.secret()), flows.ist(required, email)));
        server.clock.advance(Duration.ofSeconds(30)); // the next step, so no code of the test is a replay
        for (int i = 0; i < 9; i++) {
            fails(totp(member, wrongTotp(e.secret()), flows.ist(required, email)), 401, "unable_to_authenticate_totp");
        }
        assertThat(isLocked(member)).isFalse();

        fails(totp(member, wrongTotp(e.secret()), flows.ist(required, email)), 401, "unable_to_authenticate_totp");
        assertThat(isLocked(member)).isTrue();
    }
}
