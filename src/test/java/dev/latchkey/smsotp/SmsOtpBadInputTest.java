package dev.latchkey.smsotp;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.json;
import static dev.latchkey.testing.Flows.ok;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input on {@code otps/sms/send} and {@code otps/sms/authenticate} (SPEC §4.4): a 4xx envelope of the fitting
 * error type, no table changed, and the live code still usable afterwards.
 */
class SmsOtpBadInputTest {
    static TestServer server;
    static Flows flows;
    static Tables tables;
    static ProjectCredentials otherProject;
    static String required;
    static String optional;
    static String otherOrg;
    static String foreignMember;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        otherProject = server.newProject();
        required = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        optional = flows.organization("mfa_policy", "OPTIONAL");
        otherOrg = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        foreignMember = flows.member(otherOrg, "foreign@example.com");
    }

    /** A live intermediate session of a member of another organization. */
    static String foreignIst() {
        return flows.ist(otherOrg, "foreign@example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response unchanged(Supplier<TestServer.Response> call) {
        return tables.unchanged(call);
    }

    static TestServer.Response send(String org, Object... fields) {
        List<Object> f = new ArrayList<>(List.of("organization_id", org));
        f.addAll(List.of(fields));
        return flows.post("/v1/b2b/otps/sms/send", f.toArray());
    }

    static TestServer.Response authenticate(String org, Object... fields) {
        List<Object> f = new ArrayList<>(List.of("organization_id", org));
        f.addAll(List.of(fields));
        return flows.post("/v1/b2b/otps/sms/authenticate", f.toArray());
    }

    /** Revoked and expired sessions of a member of {@link #optional}; the clock moves 5 minutes. */
    static String[] deadSessions(String email) {
        String revoked = flows.session(optional, email).at("/session_token");
        ok(flows.post("/v1/b2b/sessions/revoke", "session_token", revoked));
        String expired =
                ok(flows.login(optional, email, "session_duration_minutes", 5)).at("/session_token");
        server.clock.advance(Duration.ofMinutes(5));
        return new String[] {revoked, expired};
    }

    // otps/sms/send

    @ParameterizedTest
    @ValueSource(
            strings = {"4155550142", "+1415555", "+1 415 abc 0142", "+999123456", "phone", "+", "+1415555014212345"})
    void sendWhenPhoneNumberMalformedThenInvalidPhoneNumberAndNothingLinkedOrSent(String phone) {
        String email = "bad-phone-" + Math.abs(phone.hashCode()) + "@example.com";
        String member = flows.member(required, email);
        String ist = flows.ist(required, email);

        fails(
                unchanged(() -> send(
                        required, "member_id", member, "mfa_phone_number", phone, "intermediate_session_token", ist)),
                400,
                "invalid_phone_number");
    }

    @Test
    void sendWhenFieldsMissingOrMistypedThenBadRequest() {
        String member = flows.member(required, "send-fields@example.com");
        String ist = flows.ist(required, "send-fields@example.com");
        fails(
                unchanged(() -> flows.post(
                        "/v1/b2b/otps/sms/send",
                        "member_id",
                        member,
                        "mfa_phone_number",
                        flows.newPhone(),
                        "intermediate_session_token",
                        ist)),
                400,
                "bad_request");
        fails(
                unchanged(
                        () -> send(required, "mfa_phone_number", flows.newPhone(), "intermediate_session_token", ist)),
                400,
                "bad_request");
        fails(
                unchanged(() -> send(
                        required,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        14155550199L,
                        "intermediate_session_token",
                        ist)),
                400,
                "bad_request");
    }

    @Test
    void sendWhenMemberOrIntermediateSessionIsForeignThenRefused() {
        String foreignIst = foreignIst();
        String member = flows.member(required, "send-foreign@example.com");
        String ist = flows.ist(required, "send-foreign@example.com");
        flows.member(required, "send-neighbour@example.com");
        String neighbourIst = flows.ist(required, "send-neighbour@example.com");
        String phone = flows.newPhone();

        fails(
                unchanged(() -> send(
                        required,
                        "member_id",
                        foreignMember,
                        "mfa_phone_number",
                        phone,
                        "intermediate_session_token",
                        ist)),
                404,
                "member_not_found");
        fails(
                unchanged(() -> send(
                        required,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        phone,
                        "intermediate_session_token",
                        foreignIst)),
                400,
                "invalid_intermediate_session_token_for_organization");
        fails(
                unchanged(() -> send(
                        required,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        phone,
                        "intermediate_session_token",
                        neighbourIst)),
                400,
                "invalid_intermediate_session_token_for_organization");
        fails(
                unchanged(() -> send(
                        required,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        phone,
                        "intermediate_session_token",
                        "nope")),
                404,
                "intermediate_session_not_found");
        fails(
                unchanged(() -> server.call(
                        "POST",
                        "/v1/b2b/otps/sms/send",
                        json(
                                "organization_id",
                                required,
                                "member_id",
                                member,
                                "mfa_phone_number",
                                phone,
                                "intermediate_session_token",
                                ist),
                        otherProject.project().id(),
                        otherProject.secret())),
                404,
                "organization_not_found");
    }

    @Test
    void sendWhenSessionArgumentsBadThenRefused() {
        String foreignIst = foreignIst();
        String email = "send-sessions@example.com";
        String member = flows.member(optional, email);
        String[] dead = deadSessions(email);
        TestServer.Response live = flows.session(optional, email);
        String phone = flows.newPhone();

        fails(
                unchanged(() -> send(
                        optional,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        phone,
                        "session_token",
                        live.at("/session_token"),
                        "session_jwt",
                        live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        fails(
                unchanged(() -> send(
                        optional,
                        "member_id",
                        member,
                        "mfa_phone_number",
                        phone,
                        "session_token",
                        live.at("/session_token"),
                        "intermediate_session_token",
                        foreignIst)),
                400,
                "too_many_session_arguments");
        for (String token : dead) {
            fails(
                    unchanged(() ->
                            send(optional, "member_id", member, "mfa_phone_number", phone, "session_token", token)),
                    404,
                    "session_not_found");
        }
        ok(send(optional, "member_id", member, "mfa_phone_number", phone, "session_token", live.at("/session_token")));
    }

    @Test
    void sendWhenMemberNotActiveThenRefused() {
        String member = ok(flows.post(
                        "/v1/b2b/organizations/" + optional + "/members",
                        "email_address",
                        "pending@example.com",
                        "create_member_as_pending",
                        true))
                .at("/member_id");

        fails(
                unchanged(() -> send(optional, "member_id", member, "mfa_phone_number", flows.newPhone())),
                400,
                "action_available_only_for_active_members");
    }

    @Test
    void sendWhenMemberHasAVerifiedPhoneThenProofRequiredAndNoOtherNumber() {
        String email = "send-enrolled@example.com";
        String member = flows.member(required, email);
        String ist = flows.ist(required, email);
        String phone = flows.newPhone();
        String code = flows.sendSms(required, member, phone, "intermediate_session_token", ist);
        String mfaSession = ok(authenticate(
                        required, "member_id", member, "code", code, "intermediate_session_token", ist))
                .at("/session_token");

        fails(unchanged(() -> send(required, "member_id", member)), 403, "unauthorized_action");
        String next = flows.ist(required, email); // pre-sends a code to the verified phone
        String other = flows.newPhone();
        // Issue 8: another number is an enrollment, which a password-only intermediate session may not make.
        fails(
                unchanged(() -> send(
                        required, "member_id", member, "mfa_phone_number", other, "intermediate_session_token", next)),
                400,
                "insufficient_factors");
        fails(
                unchanged(() ->
                        send(required, "member_id", member, "mfa_phone_number", other, "session_token", mfaSession)),
                400,
                "duplicate_member_phone_number_for_member");
    }

    // otps/sms/authenticate

    @ParameterizedTest
    @ValueSource(strings = {"12345", "1234567", "abcdef", "", "12 456", "１２３４５６"})
    void authenticateWhenCodeIsNotSixDigitsThenInvalidCodeAndNothingCounted(String bad) {
        String email = "bad-code-" + Math.abs(bad.hashCode()) + "@example.com";
        String member = flows.member(required, email);
        String ist = flows.ist(required, email);
        String code = flows.sendSms(required, member, flows.newPhone(), "intermediate_session_token", ist);

        fails(
                unchanged(() ->
                        authenticate(required, "member_id", member, "code", bad, "intermediate_session_token", ist)),
                400,
                "invalid_code");
        ok(authenticate(required, "member_id", member, "code", code, "intermediate_session_token", ist));
    }

    @Test
    void authenticateWhenFieldsMissingOrMistypedThenBadRequest() {
        String email = "auth-fields@example.com";
        String member = flows.member(required, email);
        String ist = flows.ist(required, email);
        String code = flows.sendSms(required, member, flows.newPhone(), "intermediate_session_token", ist);

        fails(
                unchanged(() -> authenticate(required, "member_id", member, "intermediate_session_token", ist)),
                400,
                "bad_request");
        fails(
                unchanged(() -> authenticate(required, "code", code, "intermediate_session_token", ist)),
                400,
                "bad_request");
        fails(
                unchanged(() -> flows.post(
                        "/v1/b2b/otps/sms/authenticate",
                        "member_id",
                        member,
                        "code",
                        code,
                        "intermediate_session_token",
                        ist)),
                400,
                "bad_request");
        fails(
                unchanged(() ->
                        authenticate(required, "member_id", member, "code", 123456, "intermediate_session_token", ist)),
                400,
                "bad_request");
        fails(
                unchanged(() -> authenticate(
                        required,
                        "member_id",
                        member,
                        "code",
                        code,
                        "intermediate_session_token",
                        ist,
                        "set_mfa_enrollment",
                        "sometimes")),
                400,
                "bad_request");
        fails(
                unchanged(() -> authenticate(
                        required,
                        "member_id",
                        member,
                        "code",
                        code,
                        "intermediate_session_token",
                        ist,
                        "session_duration_minutes",
                        4)),
                400,
                "invalid_session_duration_minutes");
        fails(unchanged(() -> authenticate(required, "member_id", member, "code", code)), 400, "no_session_arguments");
        ok(authenticate(required, "member_id", member, "code", code, "intermediate_session_token", ist));
    }

    @Test
    void authenticateWhenMemberOrIntermediateSessionIsForeignThenRefused() {
        String foreignIst = foreignIst();
        String email = "auth-foreign@example.com";
        String member = flows.member(required, email);
        flows.member(required, "auth-neighbour@example.com");
        String neighbourIst = flows.ist(required, "auth-neighbour@example.com");
        String ist = flows.ist(required, email);
        String code = flows.sendSms(required, member, flows.newPhone(), "intermediate_session_token", ist);

        fails(
                unchanged(() -> authenticate(
                        required, "member_id", foreignMember, "code", code, "intermediate_session_token", ist)),
                404,
                "member_not_found");
        fails(
                unchanged(() -> authenticate(
                        required, "member_id", member, "code", code, "intermediate_session_token", foreignIst)),
                400,
                "invalid_intermediate_session_token_for_organization");
        fails(
                unchanged(() -> authenticate(
                        required, "member_id", member, "code", code, "intermediate_session_token", neighbourIst)),
                400,
                "invalid_intermediate_session_token_for_organization");
        fails(
                unchanged(() -> server.call(
                        "POST",
                        "/v1/b2b/otps/sms/authenticate",
                        json(
                                "organization_id",
                                required,
                                "member_id",
                                member,
                                "code",
                                code,
                                "intermediate_session_token",
                                ist),
                        otherProject.project().id(),
                        otherProject.secret())),
                404,
                "organization_not_found");
        ok(authenticate(required, "member_id", member, "code", code, "intermediate_session_token", ist));
    }

    @Test
    void authenticateWhenSessionArgumentsBadThenRefused() {
        String foreignIst = foreignIst();
        String email = "auth-sessions@example.com";
        String member = flows.member(optional, email);
        String[] dead = deadSessions(email);
        TestServer.Response live = flows.session(optional, email);
        String token = live.at("/session_token");
        String code = flows.sendSms(optional, member, flows.newPhone(), "session_token", token);
        flows.member(optional, "auth-other@example.com");
        String otherMemberToken =
                flows.session(optional, "auth-other@example.com").at("/session_token");

        fails(
                unchanged(() -> authenticate(
                        optional,
                        "member_id",
                        member,
                        "code",
                        code,
                        "session_token",
                        token,
                        "session_jwt",
                        live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        fails(
                unchanged(() -> authenticate(
                        optional,
                        "member_id",
                        member,
                        "code",
                        code,
                        "session_token",
                        token,
                        "intermediate_session_token",
                        foreignIst)),
                400,
                "too_many_session_arguments");
        for (String t : dead) {
            fails(
                    unchanged(() -> authenticate(optional, "member_id", member, "code", code, "session_token", t)),
                    404,
                    "session_not_found");
        }
        fails(
                unchanged(() -> authenticate(optional, "member_id", member, "code", code, "session_jwt", "not.a.jwt")),
                404,
                "session_not_found");
        fails(
                unchanged(() ->
                        authenticate(optional, "member_id", member, "code", code, "session_token", otherMemberToken)),
                403,
                "unauthorized_action");
        ok(authenticate(optional, "member_id", member, "code", code, "session_token", token));
    }
}
