package dev.latchkey.project;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Inbox;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A redirect URL carries a login token: a test project that has configured no URL of a kind accepts only loopback
 * hosts for it (local development), and a live project only the URLs on its list.
 */
class RedirectUrlRulesTest {
    static Inbox inbox;
    static TestServer server;
    static ProjectCredentials live;

    @BeforeAll
    static void start() {
        inbox = new Inbox();
        server = inbox.startServer();
        live = server.app.services().projects().create(Environment.LIVE);
    }

    @AfterAll
    static void stop() {
        server.close();
        inbox.close();
    }

    /** {@code magic_links/email/login_or_signup} for an active member of a new organization of this project. */
    static TestServer.Response loginLink(ProjectCredentials project, String loginRedirectUrl) {
        String org = call(
                        project,
                        "/v1/b2b/organizations",
                        Flows.json(
                                "organization_name",
                                "Org",
                                "organization_slug",
                                "org-" + UUID.randomUUID().toString().substring(0, 8)))
                .at("/organization/organization_id");
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(call(project, "/v1/b2b/organizations/" + org + "/members", Flows.json("email_address", email))
                        .status())
                .isEqualTo(200);
        return call(
                project,
                "/v1/b2b/magic_links/email/login_or_signup",
                Flows.json("organization_id", org, "email_address", email, "login_redirect_url", loginRedirectUrl));
    }

    static TestServer.Response call(ProjectCredentials project, String path, String body) {
        return server.call("POST", path, body, project.project().id(), project.secret());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example/callback",
                "http://localhost.evil.example/callback",
                "http://127.0.0.1.nip.io/callback",
                "http://10.0.0.1/callback",
                "http://[::2]/callback"
            })
    void testProjectWithNoUrlOfAKindWhenHostIsNotLoopbackThenRefused(String url) {
        fails(loginLink(server.project, url), 400, "invalid_login_redirect_url");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:3000/callback",
                "http://LOCALHOST/callback",
                "http://127.0.0.1:5173/authenticate?next=/home",
                "http://[::1]:8080/callback",
                "https://localhost/callback"
            })
    void testProjectWithNoUrlOfAKindWhenHostIsLoopbackThenAccepted(String url) {
        ok(loginLink(server.project, url));
    }

    @Test
    void testProjectWithAUrlOfTheKindThenOnlyItsListEvenForLoopback() {
        ProjectCredentials configured = server.newProject();
        server.app
                .services()
                .redirectUrls()
                .add(configured.project(), "https://app.example/callback", List.of(RedirectKind.LOGIN), true);

        ok(loginLink(configured, "https://app.example/callback"));
        fails(loginLink(configured, "http://localhost:3000/callback"), 400, "invalid_login_redirect_url");
    }

    @Test
    void liveProjectWithNoUrlOfAKindThenRefusesEvenLoopback() {
        fails(loginLink(live, "http://localhost:3000/callback"), 400, "invalid_login_redirect_url");
        fails(loginLink(live, "https://evil.example/callback"), 400, "invalid_login_redirect_url");
    }

    @Test
    void liveProjectThenAcceptsExactlyItsList() {
        ProjectCredentials listed = server.app.services().projects().create(Environment.LIVE);
        server.app
                .services()
                .redirectUrls()
                .add(listed.project(), "https://app.example/callback", List.of(RedirectKind.LOGIN), true);

        ok(loginLink(listed, "https://app.example/callback?state=1"));
        fails(loginLink(listed, "https://app.example/other"), 400, "invalid_login_redirect_url");
        fails(loginLink(listed, "http://localhost/callback"), 400, "invalid_login_redirect_url");
    }
}
