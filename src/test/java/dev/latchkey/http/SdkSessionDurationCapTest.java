package dev.latchkey.http;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser ({@code /sdk/v1}) gets a session of at most the project's SDK limit (default 7 days = 10080 minutes,
 * {@code project session-limits}): a longer {@code session_duration_minutes} is lowered to the limit, on login and
 * on {@code sessions/authenticate}. Backends ({@code /v1}) keep Stytch's range.
 */
class SdkSessionDurationCapTest {
    static final String APP = "http://localhost:5173";
    static final int YEAR = 527_040;

    static TestServer server;
    static Fixtures fx;
    static SdkClient sdk;

    @BeforeAll
    static void start() {
        server = new TestServer();
        fx = new Fixtures(server);
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
        sdk = new SdkClient(server, server.project.project().publicToken(), APP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SdkClient.Response login(SdkClient client, Fixtures fixtures, int minutes) {
        String org = fixtures.organization("OPTIONAL");
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        fixtures.memberWithPassword(org, email);
        SdkClient.Response r = client.call(
                "POST",
                "/sdk/v1/b2b/passwords/authenticate",
                Flows.json(
                        "organization_id",
                        org,
                        "email_address",
                        email,
                        "password",
                        PASSWORD,
                        "session_duration_minutes",
                        minutes));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    static Duration lifetime(SdkClient.Response r) {
        return Duration.between(server.clock.instant(), Instant.parse(r.data("/member_session/expires_at")));
    }

    @Test
    void browserAsksForAYearThenGetsSevenDaysByDefault() {
        SdkClient.Response r = login(sdk, fx, YEAR);

        assertThat(lifetime(r)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void browserAsksForLessThanTheLimitThenGetsWhatItAsked() {
        assertThat(lifetime(login(sdk, fx, 60))).isEqualTo(Duration.ofMinutes(60));
        assertThat(lifetime(login(sdk, fx, 10_080))).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void browserExtendsASessionBeyondTheLimitThenExtendedOnlyToTheLimit() {
        SdkClient.Response r = login(sdk, fx, 60);

        SdkClient.Response extended = sdk.call(
                "POST",
                "/sdk/v1/b2b/sessions/authenticate",
                Flows.json("session_duration_minutes", YEAR),
                r.data("/session_token"));

        assertThat(extended.status()).as(extended.text()).isEqualTo(200);
        assertThat(lifetime(extended)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void projectLimitSetThenBrowserSessionsCappedAtIt() {
        var projects = server.app.services().projects();
        projects.setSessionLimits(server.projectId(), 120, null);
        try {
            assertThat(lifetime(login(sdk, fx, 10_080))).isEqualTo(Duration.ofMinutes(120));
            assertThat(lifetime(login(sdk, fx, 60))).isEqualTo(Duration.ofMinutes(60));
        } finally {
            projects.setSessionLimits(server.projectId(), 10_080, null);
        }
    }

    @Test
    void backendAsksForAYearThenGetsAYear() {
        String org = fx.organization("OPTIONAL");
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        fx.memberWithPassword(org, email);

        TestServer.Response r = Flows.ok(new Flows(server).login(org, email, "session_duration_minutes", YEAR));

        assertThat(Duration.between(server.clock.instant(), Instant.parse(r.at("/member_session/expires_at"))))
                .isEqualTo(Duration.ofMinutes(YEAR));
    }
}
