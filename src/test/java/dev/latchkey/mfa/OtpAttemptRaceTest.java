package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Flows.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.emailotp.EmailOtps;
import dev.latchkey.smsotp.SmsOtpService;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: the attempt limits of SMS and email one-time passcodes hold under concurrency. 20 different wrong
 * guesses sent at once get exactly 5 "wrong code" answers and 15 "no live code" answers, and the right code after
 * them fails: comparing a guess and spending a try are one statement.
 */
class OtpAttemptRaceTest {
    private static final int GUESSES = 20;

    static TestServer server;
    static Flows flows;
    static Fixtures fx;
    static String optional;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        fx = new Fixtures(server);
        optional = flows.organization("mfa_policy", "OPTIONAL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void nextSecond() {
        server.clock.advance(Duration.ofSeconds(1)); // one email per address per second
    }

    /** Sends {@link #GUESSES} different wrong codes at once and asserts the exact split of the answers. */
    static void raceWrongGuesses(String right, int limit, Function<String, TestServer.Response> attempt) {
        List<Supplier<TestServer.Response>> calls = new ArrayList<>();
        String guess = right;
        for (int i = 0; i < GUESSES; i++) {
            guess = wrong(guess);
            String g = guess;
            calls.add(() -> attempt.apply(g));
        }
        List<TestServer.Response> answers = Flows.concurrently(calls);
        List<String> seen =
                answers.stream().map(r -> r.status() + " " + r.errorType()).toList();

        assertThat(answers.stream().filter(r -> r.status() == 401 && "unable_to_auth_otp_code".equals(r.errorType())))
                .as("wrong-code answers in %s", seen)
                .hasSize(limit);
        assertThat(answers.stream().filter(r -> r.status() == 404 && "otp_code_not_found".equals(r.errorType())))
                .as("no-live-code answers in %s", seen)
                .hasSize(GUESSES - limit);
        // A new throttle window (20 guesses a minute per member), still within the code's lifetime: the right code
        // is refused because the code is dead, not because the member's guesses are throttled.
        server.clock.advance(Duration.ofMinutes(1));
        fails(attempt.apply(right), 404, "otp_code_not_found");
    }

    @Test
    @DisplayName("SMS: 20 wrong codes at once get exactly 5 unable_to_auth_otp_code, and the right code is then dead")
    void smsCodeWhenTwentyWrongGuessesRaceThenOnlyFiveAreCompared() {
        String email = "sms-race@example.com";
        String member = flows.member(optional, email);
        String token = flows.session(optional, email).at("/session_token");
        String code = flows.sendSms(optional, member, flows.newPhone(), "session_token", token);

        raceWrongGuesses(
                code,
                SmsOtpService.MAX_WRONG_TRIES,
                guess -> flows.authenticateSms(optional, member, guess, "session_token", token));
    }

    @Test
    @DisplayName("Email OTP login: 20 wrong codes at once get exactly 5 unable_to_auth_otp_code, then the code is dead")
    void emailOtpCodeWhenTwentyWrongGuessesRaceThenOnlyFiveAreCompared() {
        String email = "email-race@example.com";
        fx.member(optional, email);
        ok(flows.post("/v1/b2b/otps/email/login_or_signup", "organization_id", optional, "email_address", email));
        String code = fx.latestMessageTo(email).get("code").asText();

        raceWrongGuesses(
                code,
                EmailOtps.MAX_WRONG_TRIES,
                guess -> flows.post(
                        "/v1/b2b/otps/email/authenticate",
                        "organization_id",
                        optional,
                        "email_address",
                        email,
                        "code",
                        guess));
    }

    @Test
    @DisplayName("Email OTP discovery: 20 wrong codes at once get exactly 5 unable_to_auth_otp_code, then the code is"
            + " dead")
    void discoveryEmailOtpCodeWhenTwentyWrongGuessesRaceThenOnlyFiveAreCompared() {
        String email = "discovery-race@example.com";
        ok(flows.post("/v1/b2b/otps/email/discovery/send", "email_address", email));
        String code = fx.latestMessageTo(email).get("code").asText();

        raceWrongGuesses(
                code,
                EmailOtps.MAX_WRONG_TRIES,
                guess ->
                        flows.post("/v1/b2b/otps/email/discovery/authenticate", "email_address", email, "code", guess));
    }
}
