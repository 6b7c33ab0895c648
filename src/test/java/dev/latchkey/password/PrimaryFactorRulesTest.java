package dev.latchkey.password;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.passwordsdiscovery.AuthenticateRequest;
import dev.latchkey.member.Lockout;
import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Sdk;
import dev.latchkey.testing.StatementCounter;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The primary-factor rules of issue 8: the member lock on password discovery, what a completed reset ends, the cap
 * on link lifetimes a browser may ask for, and equal work for unknown addresses and locked members.
 */
class PrimaryFactorRulesTest {
    private static final String NEW_PASSWORD = "a fresh passphrase nobody guessed 2026";
    private static final String WRONG = "not the password at all, 2026!";
    private static final String RESET_URL = "http://localhost:3000/reset";

    static TestServer server;
    static StytchB2BClient sdk;
    static Flows flows;
    static StatementCounter statements;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = server.sdk();
        flows = new Flows(server);
        statements = new StatementCounter(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String email() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8) + "@primary.test";
    }

    static TestServer.Response login(String org, String email, String password) {
        return flows.post(
                "/v1/b2b/passwords/authenticate", "organization_id", org, "email_address", email, "password", password);
    }

    /** Starts an email reset on the backend and returns the token of the mailed link. */
    static String startReset(String org, String email) {
        ok(flows.post(
                "/v1/b2b/passwords/email/reset/start",
                "organization_id",
                org,
                "email_address",
                email,
                "reset_password_redirect_url",
                RESET_URL));
        String token = flows.latestMessageTo(email).get("token").asText();
        server.clock.advance(Duration.ofSeconds(1)); // one email a second per address (the throttle)
        return token;
    }

    /** A call as the browser SDK makes it: Basic public_token:(session token, or the public token when logged out). */
    static TestServer.Response browser(String path, String body, String sessionToken) {
        String pub = server.project.project().publicToken();
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((pub + ":" + (sessionToken == null ? pub : sessionToken))
                                .getBytes(StandardCharsets.UTF_8));
        return server.send("POST", path, body, auth);
    }

    // --- passwords/discovery/authenticate counts and locks like passwords/authenticate ---

    @Test
    @DisplayName("passwords/discovery/authenticate counts a failure for each member of the address and locks them"
            + " after 10, like passwords/authenticate")
    void discoveryAuthenticateCountsFailuresAndLocksLikePasswordsAuthenticate() {
        String email = email();
        String first = flows.organization("mfa_policy", "OPTIONAL");
        String second = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(first, email);
        flows.member(second, email);

        for (int i = 0; i < Lockout.FAILURE_LIMIT; i++) {
            Sdk.error(
                    sdk.getPasswords().getDiscovery().authenticateCompletable(new AuthenticateRequest(email, WRONG)),
                    "unauthorized_credentials",
                    401);
        }

        // Locked: the right password no longer helps, on either endpoint, for either member.
        Sdk.error(
                sdk.getPasswords()
                        .getDiscovery()
                        .authenticateCompletable(new AuthenticateRequest(email, Fixtures.PASSWORD)),
                "user_lock_limit_reached",
                401);
        for (String org : new String[] {first, second}) {
            fails(login(org, email, Fixtures.PASSWORD), 401, "user_lock_limit_reached");
        }
    }

    @Test
    @DisplayName("a good password on passwords/discovery/authenticate ends the run of failures, as on"
            + " passwords/authenticate")
    void discoveryAuthenticateSuccessEndsTheRunOfFailures() {
        String email = email();
        String org = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        for (int i = 0; i < Lockout.FAILURE_LIMIT - 1; i++) {
            fails(login(org, email, WRONG), 401, "unauthorized_credentials");
        }
        Sdk.ok(sdk.getPasswords()
                .getDiscovery()
                .authenticateCompletable(new AuthenticateRequest(email, Fixtures.PASSWORD)));
        fails(login(org, email, WRONG), 401, "unauthorized_credentials");
        ok(login(org, email, Fixtures.PASSWORD));
    }

    @Test
    @DisplayName("a good password on passwords/authenticate ends a run of failures: 9 wrong, right, 9 wrong, right")
    void authenticateSuccessEndsTheRunOfFailures() {
        String email = email();
        String org = flows.organization("mfa_policy", "OPTIONAL");
        flows.member(org, email);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < Lockout.FAILURE_LIMIT - 1; i++) {
                fails(login(org, email, WRONG), 401, "unauthorized_credentials");
            }
            ok(login(org, email, Fixtures.PASSWORD));
            server.clock.advance(Duration.ofMinutes(1)); // the next guesses in the address's next throttle window
        }
        ok(login(org, email, Fixtures.PASSWORD)); // a success with no run before it changes nothing
        for (int i = 0; i < Lockout.FAILURE_LIMIT; i++) {
            fails(login(org, email, WRONG), 401, "unauthorized_credentials");
        }
        fails(login(org, email, Fixtures.PASSWORD), 401, "user_lock_limit_reached");
    }

    // --- a completed reset consumes the member's other reset links and intermediate sessions ---

    /** An intermediate session that was live before the reset is refused afterwards. */
    static void assertIntermediateSessionDead(String org, String email, String ist) {
        fails(
                flows.post(
                        "/v1/b2b/passwords/authenticate",
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "password",
                        NEW_PASSWORD,
                        "intermediate_session_token",
                        ist),
                404,
                "intermediate_session_not_found");
    }

    static void assertResetTokenDead(String token) {
        fails(
                flows.post("/v1/b2b/passwords/email/reset", "password_reset_token", token, "password", NEW_PASSWORD),
                401,
                "unable_to_auth_password_reset_token");
    }

    @Test
    @DisplayName("an email reset consumes the member's other reset links and live intermediate sessions")
    void emailResetConsumesOtherResetTokensAndIntermediateSessions() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = email();
        flows.member(org, email);
        String used = startReset(org, email);
        String other = startReset(org, email);
        String ist = flows.ist(org, email);

        TestServer.Response reset =
                ok(flows.post("/v1/b2b/passwords/email/reset", "password_reset_token", used, "password", NEW_PASSWORD));

        assertResetTokenDead(other);
        assertIntermediateSessionDead(org, email, ist);
        // The intermediate session the reset itself answered with is the one that lives on.
        String fresh = reset.at("/intermediate_session_token");
        assertThat(fresh).isNotEmpty();
        ok(flows.post(
                "/v1/b2b/passwords/authenticate",
                "organization_id",
                org,
                "email_address",
                email,
                "password",
                NEW_PASSWORD,
                "intermediate_session_token",
                fresh));
    }

    @Test
    @DisplayName("an existing-password reset consumes the member's reset links and live intermediate sessions")
    void existingPasswordResetConsumesResetTokensAndIntermediateSessions() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = email();
        flows.member(org, email);
        String token = startReset(org, email);
        String ist = flows.ist(org, email);

        ok(flows.post(
                "/v1/b2b/passwords/existing_password/reset",
                "organization_id",
                org,
                "email_address",
                email,
                "existing_password",
                Fixtures.PASSWORD,
                "new_password",
                NEW_PASSWORD));

        assertResetTokenDead(token);
        assertIntermediateSessionDead(org, email, ist);
    }

    @Test
    @DisplayName("a session reset consumes the member's reset links and live intermediate sessions")
    void sessionResetConsumesResetTokensAndIntermediateSessions() {
        String org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        String email = email();
        String member = flows.member(org, email);
        String session = flows.enrollTotp(org, member, email).sessionToken();
        String token = startReset(org, email);
        String ist = flows.ist(org, email);

        ok(flows.post(
                "/v1/b2b/passwords/session/reset",
                "organization_id",
                org,
                "password",
                NEW_PASSWORD,
                "session_token",
                session));

        assertResetTokenDead(token);
        assertIntermediateSessionDead(org, email, ist);
    }

    // --- link lifetimes a browser may choose are capped at 60 minutes ---

    @Test
    @DisplayName("on /sdk/v1 a reset or magic link may live at most 60 minutes; more is invalid_expiration (400);"
            + " the backend keeps Stytch's range")
    void sdkChosenResetAndMagicLinkExpiriesAreCappedAtAnHour() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        String member = flows.member(org, email);
        // the browser's invite below needs stytch.member create, which the default policy grants to admins
        ok(server.call("PUT", "/v1/b2b/organizations/" + org + "/members/" + member, "{\"roles\":[\"stytch_admin\"]}"));
        String session = flows.session(org, email).at("/session_token");

        String reset = "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email
                + "\",\"reset_password_redirect_url\":\"" + RESET_URL + "\",\"reset_password_expiration_minutes\":";
        fails(browser("/sdk/v1/b2b/passwords/email/reset/start", reset + "61}", null), 400, "invalid_expiration");
        assertThat(browser("/sdk/v1/b2b/passwords/email/reset/start", reset + "60}", null)
                        .status())
                .isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(2));
        assertThat(server.call("POST", "/v1/b2b/passwords/email/reset/start", reset + "10080}")
                        .status())
                .isEqualTo(200);

        server.clock.advance(Duration.ofSeconds(2));
        String login = "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + email
                + "\",\"login_redirect_url\":\"http://localhost:3000/login\""
                + ",\"signup_redirect_url\":\"http://localhost:3000/signup\",\"login_expiration_minutes\":";
        fails(browser("/sdk/v1/b2b/magic_links/email/login_or_signup", login + "61}", null), 400, "invalid_expiration");
        assertThat(browser("/sdk/v1/b2b/magic_links/email/login_or_signup", login + "60}", null)
                        .status())
                .isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(2)); // one email a second per address (the throttle)
        assertThat(server.call("POST", "/v1/b2b/magic_links/email/login_or_signup", login + "10080}")
                        .status())
                .isEqualTo(200);

        String discovery = "{\"email_address\":\"" + email
                + "\",\"discovery_redirect_url\":\"http://localhost:3000/discover\",\"discovery_expiration_minutes\":";
        fails(
                browser("/sdk/v1/b2b/magic_links/email/discovery/send", discovery + "61}", null),
                400,
                "invalid_expiration");

        server.clock.advance(Duration.ofSeconds(2));
        String invite = "{\"email_address\":\"" + email()
                + "\",\"invite_redirect_url\":\"http://localhost:3000/invite\",\"invite_expiration_minutes\":";
        fails(browser("/sdk/v1/b2b/magic_links/email/invite", invite + "61}", session), 400, "invalid_expiration");
        assertThat(browser("/sdk/v1/b2b/magic_links/email/invite", invite + "60}", session)
                        .status())
                .isEqualTo(200);
    }

    // --- equal work: unknown address vs wrong password, locked vs wrong password ---

    static long hashesDuring(Supplier<TestServer.Response> call) {
        long before = server.app.services().passwords().hashComputations();
        call.get();
        return server.app.services().passwords().hashComputations() - before;
    }

    @Test
    @DisplayName("a password login for an unknown address runs the same statements and one Argon2id hash, as a"
            + " wrong password for a known one")
    void unknownAddressCostsTheSameStatementsAndOneHashAsAWrongPassword() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        flows.member(org, email);
        ok(login(org, email, Fixtures.PASSWORD)); // re-hashes the imported bcrypt hash to Argon2id
        String unknown = email();

        int known = statements.count(() -> fails(login(org, email, WRONG), 401, "unauthorized_credentials"));
        int stranger = statements.count(() -> fails(login(org, unknown, WRONG), 401, "unauthorized_credentials"));

        assertThat(stranger).isEqualTo(known);
        assertThat(hashesDuring(() -> login(org, email, WRONG))).isEqualTo(1);
        assertThat(hashesDuring(() -> login(org, unknown, WRONG))).isEqualTo(1);
    }

    @Test
    @DisplayName("a successful password login runs one Argon2id hash and a fixed, small number of statements")
    void aSuccessfulLoginRunsOneHashAndFewStatements() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        flows.member(org, email);
        ok(login(org, email, Fixtures.PASSWORD)); // re-hashes the imported bcrypt hash to Argon2id

        // Issue 12: the statements besides the hash are most of a login's other work. The throttle's two counters
        // are one statement; reads: organization and member, the stored hash; in the transaction: organization,
        // the member's lock (which also tells whether a run of failures is to be reset: none here), session insert.
        assertThat(statements.count(() -> ok(login(org, email, Fixtures.PASSWORD))))
                .isEqualTo(7);
        assertThat(hashesDuring(() -> login(org, email, Fixtures.PASSWORD))).isEqualTo(1);
    }

    @Test
    @DisplayName("a locked member is answered only after the same Argon2id hash as a wrong password")
    void lockedAccountStillRunsTheHashBeforeAnswering() {
        String org = flows.organization("mfa_policy", "OPTIONAL");
        String email = email();
        flows.member(org, email);
        ok(login(org, email, Fixtures.PASSWORD));
        for (int i = 0; i < Lockout.FAILURE_LIMIT; i++) {
            fails(login(org, email, WRONG), 401, "unauthorized_credentials");
        }

        assertThat(hashesDuring(() -> fails(login(org, email, WRONG), 401, "user_lock_limit_reached")))
                .isEqualTo(1);
        assertThat(hashesDuring(() -> fails(login(org, email, Fixtures.PASSWORD), 401, "user_lock_limit_reached")))
                .isEqualTo(1);
    }
}
