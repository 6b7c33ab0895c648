package dev.latchkey.session;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.project.SessionLimits;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Besides its absolute expiry, a session dies when nobody has authenticated it for the project's idle timeout
 * (default 24 hours, {@link SessionLimits}): {@code sessions/authenticate} then answers {@code session_not_found},
 * as for an expired session, on {@code /v1} and {@code /sdk/v1}.
 */
class SessionIdleTimeoutTest {
    static final int WEEK = 10_080;

    static TestServer server;
    static Flows flows;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A week-long session of a new member of a new organization; returns its token. */
    static String weekLongSession() {
        String org = flows.organization();
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        flows.member(org, email);
        TestServer.Response r = ok(flows.login(org, email, "session_duration_minutes", WEEK));
        assertThat(r.json().get("member_authenticated").asBoolean()).isTrue();
        return r.at("/session_token");
    }

    static TestServer.Response authenticate(String token) {
        return flows.post("/v1/b2b/sessions/authenticate", "session_token", token);
    }

    @Test
    void sessionUnusedForLongerThanTheIdleTimeoutThenSessionNotFound() {
        String token = weekLongSession();

        server.clock.advance(Duration.ofHours(24));

        fails(authenticate(token), 404, "session_not_found");
        // It stays dead: the failed attempt is not a use.
        fails(authenticate(token), 404, "session_not_found");
    }

    @Test
    void sessionAuthenticatedWithinEachIdleTimeoutThenLivesUntilItsExpiry() {
        String token = weekLongSession();

        for (int day = 0; day < 3; day++) {
            server.clock.advance(Duration.ofHours(23));
            ok(authenticate(token));
        }

        server.clock.advance(Duration.ofHours(23).minusSeconds(1));
        ok(authenticate(token));
    }

    @Test
    void idleSessionThenNotListedAmongTheMembersSessions() {
        String org = flows.organization();
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String member = flows.member(org, email);
        ok(flows.login(org, email, "session_duration_minutes", WEEK));

        server.clock.advance(Duration.ofHours(24));

        TestServer.Response listed =
                ok(server.call("GET", "/v1/b2b/sessions?organization_id=" + org + "&member_id=" + member, null));
        assertThat(listed.json().get("member_sessions")).isEmpty();
    }

    @Test
    void projectIdleTimeoutSetThenAppliesToExistingSessionsOnTheBackendAndTheSdk() {
        ProjectCredentials project = server.newProject();
        String org = ok(server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        Flows.json("organization_name", "Idle", "organization_slug", "idle-org"),
                        project.project().id(),
                        project.secret()))
                .at("/organization/organization_id");
        String email = "idle@acme.test";
        ok(server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                Flows.json(
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "hash",
                        com.password4j.Password.hash(dev.latchkey.testing.Fixtures.PASSWORD)
                                .withBcrypt()
                                .getResult(),
                        "hash_type",
                        "bcrypt"),
                project.project().id(),
                project.secret()));
        String token = ok(server.call(
                        "POST",
                        "/v1/b2b/passwords/authenticate",
                        Flows.json(
                                "organization_id",
                                org,
                                "email_address",
                                email,
                                "password",
                                dev.latchkey.testing.Fixtures.PASSWORD,
                                "session_duration_minutes",
                                WEEK),
                        project.project().id(),
                        project.secret()))
                .at("/session_token");

        server.app.services().projects().setSessionLimits(project.project().id(), null, 30);
        server.clock.advance(Duration.ofMinutes(29));
        TestServer.Response alive =
                server.send("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", sdkAuthorization(project, token));
        assertThat(alive.status()).as(alive.text()).isEqualTo(200);

        server.clock.advance(Duration.ofMinutes(30));

        TestServer.Response sdk =
                server.send("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", sdkAuthorization(project, token));
        assertThat(sdk.status()).as(sdk.text()).isEqualTo(404);
        assertThat(sdk.errorType()).isEqualTo("session_not_found");
        fails(
                server.call(
                        "POST",
                        "/v1/b2b/sessions/authenticate",
                        Flows.json("session_token", token),
                        project.project().id(),
                        project.secret()),
                404,
                "session_not_found");
    }

    static String sdkAuthorization(ProjectCredentials project, String sessionToken) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((project.project().publicToken() + ":" + sessionToken)
                                .getBytes(StandardCharsets.UTF_8));
    }
}
