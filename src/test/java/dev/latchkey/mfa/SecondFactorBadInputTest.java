package dev.latchkey.mfa;

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

/**
 * Bad input on the TOTP and recovery-code endpoints (SPEC §4.5, §4.6): each refused with a 4xx envelope of the
 * fitting error type, and no table changed.
 */
class SecondFactorBadInputTest {
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

    @AfterAll
    static void stop() {
        server.close();
    }

    static String foreignIst() {
        return flows.ist(otherOrg, "foreign@example.com");
    }

    static TestServer.Response unchanged(Supplier<TestServer.Response> call) {
        return tables.unchanged(call);
    }

    static TestServer.Response post(String path, String org, Object... fields) {
        List<Object> f = new ArrayList<>(List.of("organization_id", org));
        f.addAll(List.of(fields));
        return flows.post(path, f.toArray());
    }

    static TestServer.Response asOtherProject(String method, String path, String body) {
        return server.call(method, path, body, otherProject.project().id(), otherProject.secret());
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

    /** The refusals every call that takes an intermediate session or a session shares. */
    void assertProofRefusals(String path, String memberEmail, Object... fields) {
        String member = flows.member(optional, memberEmail);
        String[] dead = deadSessions(memberEmail);
        TestServer.Response live = flows.session(optional, memberEmail);
        String foreign = foreignIst();
        flows.member(optional, "neighbour-" + memberEmail);
        String neighbour = flows.session(optional, "neighbour-" + memberEmail).at("/session_token");
        List<Object> base = new ArrayList<>(List.of("member_id", member));
        base.addAll(List.of(fields));

        fails(
                unchanged(() -> post(path, optional, with(base, "intermediate_session_token", foreign))),
                400,
                "invalid_intermediate_session_token_for_organization");
        fails(
                unchanged(() -> post(path, optional, with(base, "intermediate_session_token", "no-such-ist"))),
                404,
                "intermediate_session_not_found");
        fails(
                unchanged(() -> post(
                        path,
                        optional,
                        with(
                                base,
                                "session_token",
                                live.at("/session_token"),
                                "session_jwt",
                                live.at("/session_jwt")))),
                400,
                "too_many_session_arguments");
        fails(
                unchanged(() -> post(
                        path,
                        optional,
                        with(base, "session_token", live.at("/session_token"), "intermediate_session_token", foreign))),
                400,
                "too_many_session_arguments");
        for (String token : dead) {
            fails(unchanged(() -> post(path, optional, with(base, "session_token", token))), 404, "session_not_found");
        }
        fails(unchanged(() -> post(path, optional, with(base, "session_jwt", "a.b.c"))), 404, "session_not_found");
        fails(
                unchanged(() -> post(path, optional, with(base, "session_token", neighbour))),
                403,
                "unauthorized_action");
        List<Object> foreignMemberFields = new ArrayList<>(List.of("member_id", foreignMember));
        foreignMemberFields.addAll(List.of(fields));
        fails(
                unchanged(() ->
                        post(path, optional, with(foreignMemberFields, "session_token", live.at("/session_token")))),
                404,
                "member_not_found");
        List<Object> body = new ArrayList<>(List.of("organization_id", optional));
        body.addAll(with(base, "session_token", live.at("/session_token")));
        fails(unchanged(() -> asOtherProject("POST", path, json(body.toArray()))), 404, "organization_not_found");
        fails(
                unchanged(() -> flows.post(
                        path,
                        with(base, "session_token", live.at("/session_token")).toArray())),
                400,
                "bad_request");
    }

    private static List<Object> with(List<Object> base, Object... more) {
        List<Object> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    private static TestServer.Response post(String path, String org, List<Object> fields) {
        return post(path, org, fields.toArray());
    }

    // totps.create

    @Test
    void totpCreateWhenProofBadThenRefused() {
        assertProofRefusals("/v1/b2b/totp", "create-proof@example.com");
    }

    @Test
    void totpCreateWhenInputBadThenRefused() {
        String email = "create-bad@example.com";
        String member = flows.member(required, email);
        String ist = flows.ist(required, email);

        fails(unchanged(() -> post("/v1/b2b/totp", required, "intermediate_session_token", ist)), 400, "bad_request");
        for (int minutes : new int[] {4, 1441}) {
            fails(
                    unchanged(() -> post(
                            "/v1/b2b/totp",
                            required,
                            "member_id",
                            member,
                            "intermediate_session_token",
                            ist,
                            "expiration_minutes",
                            minutes)),
                    400,
                    "invalid_expiration");
        }
        fails(
                unchanged(() -> post(
                        "/v1/b2b/totp",
                        required,
                        "member_id",
                        member,
                        "intermediate_session_token",
                        ist,
                        "expiration_minutes",
                        "soon")),
                400,
                "bad_request");
    }

    @Test
    void totpCreateWhenMemberAlreadyHasTotpThenRefused() {
        String email = "create-twice@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled enrolled = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);

        fails(unchanged(() -> post("/v1/b2b/totp", required, "member_id", member)), 403, "unauthorized_action");
        // Issue 8: a password-only intermediate session may not touch the factors of a member who has one.
        fails(
                unchanged(() -> post("/v1/b2b/totp", required, "member_id", member, "intermediate_session_token", ist)),
                400,
                "insufficient_factors");
        fails(
                unchanged(() ->
                        post("/v1/b2b/totp", required, "member_id", member, "session_token", enrolled.sessionToken())),
                400,
                "active_totp_exists");
    }

    @Test
    void totpCreateWhenMemberPendingOrMethodRestrictedThenRefused() {
        String pending = ok(flows.post(
                        "/v1/b2b/organizations/" + optional + "/members",
                        "email_address",
                        "totp-pending@example.com",
                        "create_member_as_pending",
                        true))
                .at("/member_id");
        fails(
                unchanged(() -> post("/v1/b2b/totp", optional, "member_id", pending)),
                400,
                "action_available_only_for_active_members");

        String smsOnly = flows.organization("mfa_methods", "RESTRICTED", "allowed_mfa_methods", List.of("sms_otp"));
        String member = flows.member(smsOnly, "totp-restricted@example.com");
        String token = flows.session(smsOnly, "totp-restricted@example.com").at("/session_token");
        fails(
                unchanged(() -> post("/v1/b2b/totp", smsOnly, "member_id", member, "session_token", token)),
                403,
                "operation_restricted_by_organization_mfa_methods");
    }

    // totps.authenticate

    @Test
    void totpAuthenticateWhenProofBadThenRefused() {
        assertProofRefusals("/v1/b2b/totp/authenticate", "totp-auth-proof@example.com", "code", "123456");
    }

    @Test
    void totpAuthenticateWhenCodeMalformedThenRefusedAndNothingCounted() {
        String email = "totp-auth-bad@example.com";
        String member = flows.member(required, email);
        flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        String path = "/v1/b2b/totp/authenticate";

        for (String bad : new String[] {"12345", "1234567", "abcdef", "", "12 456"}) {
            fails(
                    unchanged(() ->
                            post(path, required, "member_id", member, "code", bad, "intermediate_session_token", ist)),
                    400,
                    "invalid_totp_code");
        }
        fails(
                unchanged(() -> post(
                        path,
                        required,
                        "member_id",
                        member,
                        "code",
                        "abcd-efgh-2345",
                        "intermediate_session_token",
                        ist)),
                400,
                "recovery_code_used_as_totp_code");
        fails(
                unchanged(() -> post(path, required, "member_id", member, "intermediate_session_token", ist)),
                400,
                "bad_request");
        fails(
                unchanged(() -> post(path, required, "member_id", member, "code", "123456")),
                400,
                "no_session_arguments");
    }

    @Test
    void totpAuthenticateWhenNoRegistrationOrRegistrationExpiredThenRefused() {
        String email = "totp-auth-none@example.com";
        String member = flows.member(required, email);
        String ist = flows.ist(required, email);
        String path = "/v1/b2b/totp/authenticate";
        fails(
                unchanged(() ->
                        post(path, required, "member_id", member, "code", "123456", "intermediate_session_token", ist)),
                404,
                "totp_not_found");

        String secret = ok(post(
                        "/v1/b2b/totp",
                        required,
                        "member_id",
                        member,
                        "intermediate_session_token",
                        ist,
                        "expiration_minutes",
                        5))
                .at("/secret");
        server.clock.advance(Duration.ofMinutes(5));
        fails(
                unchanged(() -> post(
                        path,
                        required,
                        "member_id",
                        member,
                        "code",
                        flows.totpCode(secret),
                        "intermediate_session_token",
                        ist)),
                400,
                "expired_totp");
    }

    // totps.migrate

    @Test
    void totpMigrateWhenInputBadThenRefused() {
        String member = flows.member(optional, "migrate-bad@example.com");
        String path = "/v1/b2b/totp/migrate";
        String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

        fails(
                unchanged(() -> post(path, optional, "member_id", member, "recovery_codes", List.of())),
                400,
                "bad_request");
        fails(unchanged(() -> post(path, optional, "secret", secret, "recovery_codes", List.of())), 400, "bad_request");
        fails(
                unchanged(() -> post(
                        path, optional, "member_id", member, "secret", "not base32!", "recovery_codes", List.of())),
                400,
                "invalid_argument");
        fails(
                unchanged(() ->
                        post(path, optional, "member_id", member, "secret", "JBSWY3DP", "recovery_codes", List.of())),
                400,
                "invalid_argument");
        fails(
                unchanged(() -> post(
                        path,
                        optional,
                        "member_id",
                        member,
                        "secret",
                        secret,
                        "recovery_codes",
                        List.of("not-a-code"))),
                400,
                "invalid_recovery_code");
        fails(
                unchanged(() -> post(
                        path,
                        optional,
                        "member_id",
                        member,
                        "secret",
                        secret,
                        "recovery_codes",
                        List.of("abcd-efgh-2345", "ABCD-EFGH-2345"))),
                400,
                "invalid_recovery_code");
        fails(
                unchanged(() -> post(
                        path, optional, "member_id", member, "secret", secret, "recovery_codes", "abcd-efgh-2345")),
                400,
                "bad_request");
        fails(
                unchanged(() -> post(
                        path, optional, "member_id", foreignMember, "secret", secret, "recovery_codes", List.of())),
                404,
                "member_not_found");
        fails(
                unchanged(() -> asOtherProject(
                        "POST",
                        path,
                        json(
                                "organization_id",
                                optional,
                                "member_id",
                                member,
                                "secret",
                                secret,
                                "recovery_codes",
                                List.of()))),
                404,
                "organization_not_found");

        ok(post(path, optional, "member_id", member, "secret", secret, "recovery_codes", List.of()));
        fails(
                unchanged(
                        () -> post(path, optional, "member_id", member, "secret", secret, "recovery_codes", List.of())),
                400,
                "active_totp_exists");
    }

    // recovery_codes.recover

    @Test
    void recoverWhenProofBadThenRefused() {
        assertProofRefusals(
                "/v1/b2b/recovery_codes/recover", "recover-proof@example.com", "recovery_code", "abcd-efgh-2345");
    }

    @Test
    void recoverWhenCodeMalformedOrMemberHasNoneThenRefused() {
        String email = "recover-bad@example.com";
        String member = flows.member(required, email);
        Flows.Enrolled e = flows.enrollTotp(required, member, email);
        String ist = flows.ist(required, email);
        String path = "/v1/b2b/recovery_codes/recover";

        for (String bad : new String[] {"abc", "abcd-efgh", "abcd-efgh-23456", "", "abcd_efgh_2345"}) {
            fails(
                    unchanged(() -> post(
                            path,
                            required,
                            "member_id",
                            member,
                            "recovery_code",
                            bad,
                            "intermediate_session_token",
                            ist)),
                    400,
                    "invalid_recovery_code");
        }
        fails(
                unchanged(() -> post(
                        path,
                        required,
                        "member_id",
                        member,
                        "recovery_code",
                        "123456",
                        "intermediate_session_token",
                        ist)),
                400,
                "totp_code_used_as_recovery_code");
        fails(
                unchanged(() -> post(path, required, "member_id", member, "intermediate_session_token", ist)),
                400,
                "bad_request");
        fails(
                unchanged(() -> post(
                        path,
                        required,
                        "member_id",
                        member,
                        "recovery_code",
                        e.recoveryCodes().get(0))),
                400,
                "no_session_arguments");

        String bare = flows.member(required, "recover-none@example.com");
        String bareIst = flows.ist(required, "recover-none@example.com");
        fails(
                unchanged(() -> post(
                        path,
                        required,
                        "member_id",
                        bare,
                        "recovery_code",
                        "abcd-efgh-2345",
                        "intermediate_session_token",
                        bareIst)),
                404,
                "recovery_codes_not_found");
        ok(post(
                path,
                required,
                "member_id",
                member,
                "recovery_code",
                e.recoveryCodes().get(0),
                "intermediate_session_token",
                ist));
    }

    // GET recovery_codes/{organization_id}/{member_id} and recovery_codes.rotate

    @Test
    void getAndRotateWhenMemberForeignOrWithoutTotpThenRefused() {
        String email = "codes-bad@example.com";
        String member = flows.member(required, email);
        String bare = flows.member(required, "codes-none@example.com");
        flows.enrollTotp(required, member, email);

        fails(
                unchanged(() -> flows.get("/v1/b2b/recovery_codes/" + required + "/" + foreignMember)),
                404,
                "member_not_found");
        fails(
                unchanged(() -> flows.get("/v1/b2b/recovery_codes/organization-test-nope/" + member)),
                404,
                "organization_not_found");
        fails(
                unchanged(() -> flows.get("/v1/b2b/recovery_codes/" + required + "/" + bare)),
                404,
                "recovery_codes_not_found");
        fails(
                unchanged(() -> asOtherProject("GET", "/v1/b2b/recovery_codes/" + required + "/" + member, null)),
                404,
                "organization_not_found");

        String rotate = "/v1/b2b/recovery_codes/rotate";
        fails(unchanged(() -> post(rotate, required)), 400, "bad_request");
        fails(unchanged(() -> flows.post(rotate, "member_id", member)), 400, "bad_request");
        fails(unchanged(() -> post(rotate, required, "member_id", foreignMember)), 404, "member_not_found");
        fails(unchanged(() -> post(rotate, required, "member_id", bare)), 400, "no_active_recovery_code_backed_factor");
        fails(
                unchanged(() -> asOtherProject("POST", rotate, json("organization_id", required, "member_id", member))),
                404,
                "organization_not_found");
        ok(post(rotate, required, "member_id", member));
    }
}
