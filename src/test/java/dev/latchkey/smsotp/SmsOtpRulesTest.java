package dev.latchkey.smsotp;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static dev.latchkey.testing.Flows.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SMS numbers of DESIGN.md, over HTTP: 2 minutes, one live code per member, 5 wrong tries, single use. */
class SmsOtpRulesTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;
    static String org;
    static String optionalOrg;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        optionalOrg = flows.organization("mfa_policy", "OPTIONAL");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A member at the MFA step with a code sent to a new phone: member id, IST, code. */
    record Pending(String member, String ist, String phone, String code) {}

    static Pending pending(String email) {
        String member = flows.member(org, email);
        String ist = flows.ist(org, email);
        String phone = flows.newPhone();
        String code = flows.sendSms(org, member, phone, "intermediate_session_token", ist);
        return new Pending(member, ist, phone, code);
    }

    static TestServer.Response authenticate(String member, String code, String ist) {
        return flows.post(
                "/v1/b2b/otps/sms/authenticate",
                "organization_id",
                org,
                "member_id",
                member,
                "code",
                code,
                "intermediate_session_token",
                ist);
    }

    @Test
    void authenticateWhenTwoMinutesPassedThenOtpCodeNotFound() {
        Pending p = pending("expired@example.com");
        server.clock.advance(Duration.ofMinutes(2));

        fails(authenticate(p.member(), p.code(), p.ist()), 404, "otp_code_not_found");
    }

    @Test
    void authenticateJustBeforeTwoMinutesThenSucceeds() {
        Pending p = pending("in-time@example.com");
        server.clock.advance(Duration.ofMinutes(2).minusSeconds(1));

        TestServer.Response r = ok(authenticate(p.member(), p.code(), p.ist()));
        assertThat(r.json().get("member_session").isObject()).isTrue();
    }

    @Test
    void sendWhenRepeatedThenOnlyTheNewestCodeIsLive() {
        Pending p = pending("resend@example.com");
        String second = p.code();
        while (second.equals(p.code())) { // one chance in a million that the new code is the old one
            second = flows.sendSms(org, p.member(), null, "intermediate_session_token", p.ist());
        }
        assertThat(tables.rows("SELECT id FROM sms_otps WHERE member_id = ? AND consumed_at IS NULL", p.member()))
                .hasSize(1);

        // The replaced code is now just a wrong code: the newer one is the member's live code.
        fails(authenticate(p.member(), p.code(), p.ist()), 401, "unable_to_auth_otp_code");
        ok(authenticate(p.member(), second, p.ist()));
    }

    @Test
    void authenticateWhenFiveWrongTriesThenTheRightCodeIsDead() {
        Pending p = pending("five-wrong@example.com");
        for (int i = 0; i < 5; i++) {
            fails(authenticate(p.member(), wrong(p.code()), p.ist()), 401, "unable_to_auth_otp_code");
        }

        // Issue 8: the fifth wrong code also consumed the intermediate session, so the code is tried with a new one.
        fails(authenticate(p.member(), p.code(), p.ist()), 404, "intermediate_session_not_found");
        fails(authenticate(p.member(), p.code(), flows.ist(org, "five-wrong@example.com")), 404, "otp_code_not_found");
    }

    @Test
    void authenticateAfterFourWrongTriesThenTheRightCodeStillWorks() {
        Pending p = pending("four-wrong@example.com");
        for (int i = 0; i < 4; i++) {
            fails(authenticate(p.member(), wrong(p.code()), p.ist()), 401, "unable_to_auth_otp_code");
        }

        ok(authenticate(p.member(), p.code(), p.ist()));
    }

    @Test
    void authenticateWhenCodeAlreadyUsedThenOtpCodeNotFound() {
        String email = "used-code@example.com";
        String member = flows.member(optionalOrg, email);
        String token = flows.session(optionalOrg, email).at("/session_token");
        String code = flows.sendSms(optionalOrg, member, flows.newPhone(), "session_token", token);
        ok(stepUp(member, code, token));

        fails(stepUp(member, code, token), 404, "otp_code_not_found");
    }

    @Test
    @DisplayName("Concurrent uses of one SMS code, each with its own session of the member: exactly one succeeds")
    void authenticateWhenOneCodeUsedConcurrentlyThenExactlyOneSuccess() {
        String email = "race-sms@example.com";
        String member = flows.member(optionalOrg, email);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.add(flows.session(optionalOrg, email).at("/session_token"));
        }
        String code = flows.sendSms(optionalOrg, member, flows.newPhone(), "session_token", tokens.get(0));

        List<Supplier<TestServer.Response>> calls = new ArrayList<>();
        for (String token : tokens) {
            calls.add(() -> stepUp(member, code, token));
        }
        List<TestServer.Response> results = Flows.concurrently(calls);

        assertThat(results)
                .extracting(TestServer.Response::status, TestServer.Response::errorType)
                .containsExactlyInAnyOrder(
                        tuple(200, null),
                        tuple(404, "otp_code_not_found"),
                        tuple(404, "otp_code_not_found"),
                        tuple(404, "otp_code_not_found"));
        // Exactly one of the sessions gained the SMS factor.
        int stepped = 0;
        for (String token : tokens) {
            TestServer.Response s = ok(flows.post("/v1/b2b/sessions/authenticate", "session_token", token));
            stepped += s.json().at("/member_session/authentication_factors").size() == 2 ? 1 : 0;
        }
        assertThat(stepped).isEqualTo(1);
    }

    @Test
    @DisplayName("Concurrent sends to one member all succeed and leave exactly one live code, never a 500")
    void sendWhenConcurrentThenOneLiveCodeAndNoServerError() {
        String email = "race-send@example.com";
        String member = flows.member(optionalOrg, email);
        String token = flows.session(optionalOrg, email).at("/session_token");
        String phone = flows.newPhone();
        String first = flows.sendSms(optionalOrg, member, phone, "session_token", token);

        List<Supplier<TestServer.Response>> calls = new ArrayList<>();
        // Four, so that with the first the number gets its five codes of the minute (Throttle) and no more.
        for (int i = 0; i < 4; i++) {
            calls.add(() -> flows.post(
                    "/v1/b2b/otps/sms/send",
                    "organization_id",
                    optionalOrg,
                    "member_id",
                    member,
                    "session_token",
                    token));
        }
        List<TestServer.Response> results = Flows.concurrently(calls);

        assertThat(results).extracting(TestServer.Response::status).containsOnly(200);
        assertThat(tables.rows("SELECT id FROM sms_otps WHERE member_id = ? AND consumed_at IS NULL", member))
                .hasSize(1);
        assertThat(flows.messagesTo(phone)).isEqualTo(5);
        String newest = flows.latestCode(phone);
        ok(stepUp(member, newest, token));
        if (!first.equals(newest)) {
            fails(stepUp(member, first, token), 404, "otp_code_not_found");
        }
    }

    static TestServer.Response stepUp(String member, String code, String token) {
        return flows.post(
                "/v1/b2b/otps/sms/authenticate",
                "organization_id",
                optionalOrg,
                "member_id",
                member,
                "code",
                code,
                "session_token",
                token);
    }
}
