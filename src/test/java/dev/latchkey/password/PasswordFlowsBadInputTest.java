package dev.latchkey.password;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.json;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.Fixtures;
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

/**
 * Bad input on the password login and reset endpoints (SPEC §4.1): each is refused with a 4xx envelope of the
 * fitting error type, and no table changes.
 */
class PasswordFlowsBadInputTest {
    private static final String REDIRECT = "http://localhost:3000/reset";
    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String STRONG = "a brand new passphrase for 2026!";

    static TestServer server;
    static Flows flows;
    static Tables tables;
    static ProjectCredentials otherProject;
    static String org;
    static String otherOrg;
    static final String OTHER_ORG_EMAIL = "elsewhere@example.com";

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        otherProject = server.newProject();
        org = flows.organization("mfa_policy", "OPTIONAL");
        otherOrg = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        flows.member(otherOrg, OTHER_ORG_EMAIL);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A member of {@link #org} who has logged in once (so the imported hash is already re-hashed). */
    static String member(String email) {
        String id = flows.member(org, email);
        flows.session(org, email);
        return id;
    }

    static TestServer.Response post(String path, Object... fields) {
        return flows.post(path, fields);
    }

    static TestServer.Response asOtherProject(String path, String body) {
        return server.call("POST", path, body, otherProject.project().id(), otherProject.secret());
    }

    static TestServer.Response unchanged(Supplier<TestServer.Response> call) {
        return tables.unchanged(call);
    }

    /** A session of the member that has been revoked, and one that has expired (the clock moves 5 minutes). */
    static String[] deadSessions(String email) {
        String revoked = flows.session(org, email).at("/session_token");
        ok(post("/v1/b2b/sessions/revoke", "session_token", revoked));
        String expired =
                ok(flows.login(org, email, "session_duration_minutes", 5)).at("/session_token");
        server.clock.advance(Duration.ofMinutes(5));
        return new String[] {revoked, expired};
    }

    // passwords/authenticate

    @Test
    void authenticateWhenRequiredFieldMissingOrMistypedThenBadRequest() {
        String email = "auth-fields@example.com";
        member(email);
        String path = "/v1/b2b/passwords/authenticate";
        fails(unchanged(() -> post(path, "email_address", email, "password", Fixtures.PASSWORD)), 400, "bad_request");
        fails(unchanged(() -> post(path, "organization_id", org, "password", Fixtures.PASSWORD)), 400, "bad_request");
        fails(unchanged(() -> post(path, "organization_id", org, "email_address", email)), 400, "bad_request");
        fails(
                unchanged(() -> post(path, "organization_id", org, "email_address", email, "password", 42)),
                400,
                "bad_request");
        fails(unchanged(() -> server.call("POST", path, "{\"organization_id\":")), 400, "bad_request");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "password",
                        Fixtures.PASSWORD,
                        "session_custom_claims",
                        "not an object")),
                400,
                "bad_request");
    }

    @Test
    void authenticateWhenEmailMalformedThenInvalidEmail() {
        fails(
                unchanged(() -> post(
                        "/v1/b2b/passwords/authenticate",
                        "organization_id",
                        org,
                        "email_address",
                        "not-an-email",
                        "password",
                        Fixtures.PASSWORD)),
                400,
                "invalid_email");
    }

    @Test
    void authenticateWhenOrganizationUnknownOrOfAnotherProjectThenOrganizationNotFound() {
        String email = "auth-org@example.com";
        member(email);
        String body = json("organization_id", org, "email_address", email, "password", Fixtures.PASSWORD);
        fails(unchanged(() -> asOtherProject("/v1/b2b/passwords/authenticate", body)), 404, "organization_not_found");
        fails(
                unchanged(() -> post(
                        "/v1/b2b/passwords/authenticate",
                        "organization_id",
                        "organization-test-00000000-0000-0000-0000-000000000000",
                        "email_address",
                        email,
                        "password",
                        Fixtures.PASSWORD)),
                404,
                "organization_not_found");
        fails(
                unchanged(() -> server.call(
                        "POST", "/v1/b2b/passwords/authenticate", body, server.projectId(), otherProject.secret())),
                401,
                "unauthorized_credentials");
    }

    @Test
    void authenticateWhenMemberOfAnotherOrganizationThenUnauthorizedCredentials() {
        fails(unchanged(() -> flows.login(org, OTHER_ORG_EMAIL)), 401, "unauthorized_credentials");
    }

    @Test
    void authenticateWhenIntermediateSessionOfAnotherOrganizationThenRefused() {
        String email = "auth-foreign-ist@example.com";
        member(email);
        String foreignIst = flows.ist(otherOrg, OTHER_ORG_EMAIL);
        fails(
                unchanged(() -> flows.login(org, email, "intermediate_session_token", foreignIst)),
                400,
                "invalid_intermediate_session_token_for_organization");
        fails(
                unchanged(() -> flows.login(org, email, "intermediate_session_token", "no-such-ist")),
                404,
                "intermediate_session_not_found");
    }

    @Test
    void authenticateWhenSessionArgumentsBadThenRefused() {
        String email = "auth-sessions@example.com";
        member(email);
        TestServer.Response live = flows.session(org, email);
        fails(
                unchanged(() -> flows.login(
                        org,
                        email,
                        "session_token",
                        live.at("/session_token"),
                        "session_jwt",
                        live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        String[] dead = deadSessions(email);
        fails(unchanged(() -> flows.login(org, email, "session_token", dead[0])), 404, "session_not_found");
        fails(unchanged(() -> flows.login(org, email, "session_token", dead[1])), 404, "session_not_found");
        fails(
                unchanged(() -> flows.login(org, email, "session_duration_minutes", 4)),
                400,
                "invalid_session_duration_minutes");
    }

    // passwords/email/reset/start

    @Test
    void resetStartWhenInputBadThenRefusedAndNothingSent() {
        String email = "start-bad@example.com";
        member(email);
        String path = "/v1/b2b/passwords/email/reset/start";
        fails(
                unchanged(() -> post(path, "email_address", email, "reset_password_redirect_url", REDIRECT)),
                400,
                "bad_request");
        fails(
                unchanged(() -> post(path, "organization_id", org, "reset_password_redirect_url", REDIRECT)),
                400,
                "bad_request");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        "nope",
                        "reset_password_redirect_url",
                        REDIRECT)),
                400,
                "invalid_email");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        "nobody@example.com",
                        "reset_password_redirect_url",
                        REDIRECT)),
                404,
                "member_not_found");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        OTHER_ORG_EMAIL,
                        "reset_password_redirect_url",
                        REDIRECT)),
                404,
                "member_not_found");
        fails(
                unchanged(() -> post(path, "organization_id", org, "email_address", email)),
                400,
                "no_password_reset_redirect_url");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "reset_password_redirect_url",
                        "/relative")),
                400,
                "invalid_password_reset_redirect_url");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "reset_password_redirect_url",
                        REDIRECT,
                        "reset_password_expiration_minutes",
                        4)),
                400,
                "invalid_expiration");
        fails(
                unchanged(() -> post(
                        path,
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "reset_password_redirect_url",
                        REDIRECT,
                        "code_challenge",
                        "too-short")),
                400,
                "invalid_pkce_code_challenge");
        fails(
                unchanged(() -> asOtherProject(
                        path,
                        json("organization_id", org, "email_address", email, "reset_password_redirect_url", REDIRECT))),
                404,
                "organization_not_found");
    }

    // passwords/email/reset

    /** Starts a reset for the member and returns the token from the outbox. */
    static String resetToken(String email, String challenge) {
        ok(post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                REDIRECT,
                "code_challenge",
                challenge));
        return flows.latestMessageTo(email).get("token").asText();
    }

    static TestServer.Response reset(String token, String password, Object... extra) {
        List<Object> f = new ArrayList<>(List.of("password_reset_token", token, "password", password));
        f.addAll(List.of(extra));
        return post("/v1/b2b/passwords/email/reset", f.toArray());
    }

    @Test
    void emailResetWhenInputBadThenRefusedAndTheTokenStillWorks() {
        String email = "reset-bad@example.com";
        member(email);
        String token = resetToken(email, null);

        fails(unchanged(() -> post("/v1/b2b/passwords/email/reset", "password", STRONG)), 400, "bad_request");
        fails(
                unchanged(() -> post("/v1/b2b/passwords/email/reset", "password_reset_token", token)),
                400,
                "bad_request");
        fails(unchanged(() -> reset("not-a-token", STRONG)), 401, "unable_to_auth_password_reset_token");
        fails(unchanged(() -> reset(token, "abc")), 400, "weak_password");
        fails(
                unchanged(() -> reset(token, STRONG, "code_verifier", VERIFIER)),
                400,
                "pkce_did_not_expect_code_verifier");
        fails(
                unchanged(() -> asOtherProject(
                        "/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", STRONG))),
                401,
                "unable_to_auth_password_reset_token");
        String foreignIst = flows.ist(otherOrg, OTHER_ORG_EMAIL);
        fails(
                unchanged(() -> reset(token, STRONG, "intermediate_session_token", foreignIst)),
                400,
                "invalid_intermediate_session_token_for_organization");

        TestServer.Response done = ok(reset(token, STRONG));
        assertThat(done.json().get("member_authenticated").asBoolean()).isTrue();
        fails(unchanged(() -> reset(token, STRONG)), 401, "unable_to_auth_password_reset_token");
    }

    @Test
    @DisplayName(
            "email reset: both session_token and session_jwt, or a dead session, are refused before the token is spent")
    void emailResetWhenSessionArgumentsBadThenRefused() {
        String email = "reset-sessions@example.com";
        member(email);
        TestServer.Response live = flows.session(org, email);
        String token = resetToken(email, null);

        fails(
                unchanged(() -> reset(
                        token,
                        STRONG,
                        "session_token",
                        live.at("/session_token"),
                        "session_jwt",
                        live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        String[] dead = deadSessions(email);
        fails(unchanged(() -> reset(token, STRONG, "session_token", dead[0])), 404, "session_not_found");
        fails(unchanged(() -> reset(token, STRONG, "session_token", dead[1])), 404, "session_not_found");
        ok(reset(token, STRONG));
    }

    @Test
    void emailResetWithPkceWhenVerifierMissingOrWrongThenRefused() {
        String email = "reset-pkce@example.com";
        member(email);
        String token = resetToken(email, CHALLENGE);

        fails(unchanged(() -> reset(token, STRONG)), 400, "pkce_expected_code_verifier");
        fails(unchanged(() -> reset(token, STRONG, "code_verifier", VERIFIER + "x")), 400, "pkce_mismatch");
        ok(reset(token, STRONG, "code_verifier", VERIFIER));
    }

    @Test
    void emailResetWhenTokenExpiredThenUnableToAuth() {
        String email = "reset-expired@example.com";
        member(email);
        String token = resetToken(email, null);
        server.clock.advance(Duration.ofMinutes(30));

        fails(unchanged(() -> reset(token, STRONG)), 401, "unable_to_auth_password_reset_token");
    }

    // passwords/existing_password/reset

    static TestServer.Response existing(String email, String existing, String replacement, Object... extra) {
        List<Object> f = new ArrayList<>(List.of(
                "organization_id",
                org,
                "email_address",
                email,
                "existing_password",
                existing,
                "new_password",
                replacement));
        f.addAll(List.of(extra));
        return post("/v1/b2b/passwords/existing_password/reset", f.toArray());
    }

    @Test
    void existingPasswordResetWhenInputBadThenRefusedAndThePasswordIsUnchanged() {
        String email = "existing-bad@example.com";
        member(email);
        String path = "/v1/b2b/passwords/existing_password/reset";

        fails(
                unchanged(() -> post(path, "organization_id", org, "email_address", email, "new_password", STRONG)),
                400,
                "bad_request");
        fails(
                unchanged(() -> post(
                        path, "organization_id", org, "email_address", email, "existing_password", Fixtures.PASSWORD)),
                400,
                "bad_request");
        fails(unchanged(() -> existing(email, Fixtures.PASSWORD, "abc")), 400, "weak_password");
        fails(unchanged(() -> existing("bad-address", Fixtures.PASSWORD, STRONG)), 400, "invalid_email");
        fails(unchanged(() -> existing(OTHER_ORG_EMAIL, Fixtures.PASSWORD, STRONG)), 401, "unauthorized_credentials");
        fails(
                unchanged(() -> asOtherProject(
                        path,
                        json(
                                "organization_id",
                                org,
                                "email_address",
                                email,
                                "existing_password",
                                Fixtures.PASSWORD,
                                "new_password",
                                STRONG))),
                404,
                "organization_not_found");
        // A wrong existing password is a failed authentication (it counts toward the lock) and changes no password.
        fails(existing(email, "wrong existing password 99", STRONG), 401, "unauthorized_credentials");

        flows.session(org, email);
    }

    @Test
    void existingPasswordResetWhenSessionArgumentsBadThenRefused() {
        String email = "existing-sessions@example.com";
        member(email);
        TestServer.Response live = flows.session(org, email);
        fails(
                unchanged(() -> existing(
                        email,
                        Fixtures.PASSWORD,
                        STRONG,
                        "session_token",
                        live.at("/session_token"),
                        "session_jwt",
                        live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        String[] dead = deadSessions(email);
        fails(
                unchanged(() -> existing(email, Fixtures.PASSWORD, STRONG, "session_token", dead[0])),
                404,
                "session_not_found");
        fails(
                unchanged(() -> existing(email, Fixtures.PASSWORD, STRONG, "session_token", dead[1])),
                404,
                "session_not_found");
        ok(existing(email, Fixtures.PASSWORD, STRONG));
    }

    // passwords/session/reset

    static TestServer.Response sessionReset(String organization, String password, Object... proof) {
        List<Object> f = new ArrayList<>(List.of("organization_id", organization, "password", password));
        f.addAll(List.of(proof));
        return post("/v1/b2b/passwords/session/reset", f.toArray());
    }

    @Test
    void sessionResetWhenInputBadThenRefused() {
        String email = "session-reset-bad@example.com";
        member(email);
        TestServer.Response live = flows.session(org, email);
        String token = live.at("/session_token");

        fails(unchanged(() -> sessionReset(org, STRONG)), 400, "no_session_arguments");
        fails(
                unchanged(
                        () -> post("/v1/b2b/passwords/session/reset", "organization_id", org, "session_token", token)),
                400,
                "bad_request");
        fails(
                unchanged(() -> post("/v1/b2b/passwords/session/reset", "password", STRONG, "session_token", token)),
                400,
                "bad_request");
        fails(
                unchanged(() ->
                        sessionReset(org, STRONG, "session_token", token, "session_jwt", live.at("/session_jwt"))),
                400,
                "too_many_session_arguments");
        fails(unchanged(() -> sessionReset(org, "abc", "session_token", token)), 400, "weak_password");
        fails(unchanged(() -> sessionReset(otherOrg, STRONG, "session_token", token)), 404, "session_not_found");
        fails(
                unchanged(() -> asOtherProject(
                        "/v1/b2b/passwords/session/reset",
                        json("organization_id", org, "password", STRONG, "session_token", token))),
                404,
                "organization_not_found");
        fails(unchanged(() -> sessionReset(org, STRONG, "session_token", "no-such-token")), 404, "session_not_found");

        String[] dead = deadSessions(email); // moves the clock 5 minutes
        fails(unchanged(() -> sessionReset(org, STRONG, "session_token", dead[0])), 404, "session_not_found");
        fails(unchanged(() -> sessionReset(org, STRONG, "session_token", dead[1])), 404, "session_not_found");
        server.clock.advance(Duration.ofSeconds(1));
        fails(
                unchanged(() -> sessionReset(org, STRONG, "session_token", token)),
                400,
                "session_too_old_to_reset_password");
    }
}
