package dev.latchkey.http;

import static dev.latchkey.testing.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Authorization of every authenticated {@code /sdk/v1} endpoint: a public token of a project is required, and a
 * session in the password part must be a live one of that project. Refusals use the error types on which the SDK
 * drops its local session instead of retrying (SDK.md §6.3), and are flat error envelopes, never {@code data}.
 */
class SdkAuthTest {
    static TestServer server;
    static SdkClient sdk;
    static ProjectCredentials otherProject;
    static String otherProjectSession;
    static String revokedSession;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sdk = new SdkClient(server, server.project.project().publicToken(), null);

        otherProject = server.newProject();
        otherProjectSession = loginAsNewMember(otherProject);
        revokedSession = loginAsNewMember(server.project);
        var revoked = server.call("POST", "/v1/b2b/sessions/revoke", "{\"session_token\":\"" + revokedSession + "\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Makes an OPTIONAL organization and member in the project and logs in through its SDK; the session token. */
    static String loginAsNewMember(ProjectCredentials project) {
        String id = project.project().id();
        String secret = project.secret();
        var org = server.call(
                "POST",
                "/v1/b2b/organizations",
                "{\"organization_name\":\"Org\",\"organization_slug\":\"o-" + UUID.randomUUID() + "\"}",
                id,
                secret);
        String orgId = org.at("/organization/organization_id");
        String email = "m-" + UUID.randomUUID() + "@example.com";
        String hash = com.password4j.Password.hash(PASSWORD).withBcrypt().getResult();
        var migrated = server.call(
                "POST",
                "/v1/b2b/passwords/migrate",
                "{\"organization_id\":\"" + orgId + "\",\"email_address\":\"" + email + "\",\"hash\":\"" + hash
                        + "\",\"hash_type\":\"bcrypt\"}",
                id,
                secret);
        assertThat(migrated.status()).as(migrated.text()).isEqualTo(200);
        var login = new SdkClient(server, project.project().publicToken(), null)
                .call(
                        "POST",
                        "/sdk/v1/b2b/passwords/authenticate",
                        "{\"organization_id\":\"" + orgId + "\",\"email_address\":\"" + email + "\",\"password\":\""
                                + PASSWORD + "\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        return login.data("/session_token");
    }

    static final String ENDPOINTS =
            """
            POST, /sdk/v1/b2b/passwords/authenticate
            POST, /sdk/v1/b2b/passwords/discovery/authenticate
            POST, /sdk/v1/b2b/passwords/email/reset/start
            POST, /sdk/v1/b2b/passwords/email/reset
            POST, /sdk/v1/b2b/passwords/existing_password/reset
            POST, /sdk/v1/b2b/passwords/session/reset
            POST, /sdk/v1/b2b/passwords/strength_check
            POST, /sdk/v1/b2b/otps/sms/send
            POST, /sdk/v1/b2b/otps/sms/authenticate
            POST, /sdk/v1/b2b/totp
            POST, /sdk/v1/b2b/totp/authenticate
            POST, /sdk/v1/b2b/recovery_codes/recover
            GET,  /sdk/v1/b2b/recovery_codes
            POST, /sdk/v1/b2b/recovery_codes/rotate
            POST, /sdk/v1/b2b/sessions/authenticate
            POST, /sdk/v1/b2b/sessions/revoke
            POST, /sdk/v1/b2b/sessions/exchange
            POST, /sdk/v1/b2b/sessions/exchange_access_token
            POST, /sdk/v1/b2b/sessions/revoke/member-test-00000000-0000-4000-8000-000000000000
            GET,  /sdk/v1/b2b/organizations/me
            GET,  /sdk/v1/b2b/organizations/members/me
            POST, /sdk/v1/b2b/magic_links/email/login_or_signup
            POST, /sdk/v1/b2b/magic_links/email/invite
            POST, /sdk/v1/b2b/magic_links/authenticate
            POST, /sdk/v1/b2b/magic_links/email/discovery/send
            POST, /sdk/v1/b2b/magic_links/discovery/authenticate
            POST, /sdk/v1/b2b/otps/email/login_or_signup
            POST, /sdk/v1/b2b/otps/email/authenticate
            POST, /sdk/v1/b2b/otps/email/discovery/send
            POST, /sdk/v1/b2b/otps/email/discovery/authenticate
            POST, /sdk/v1/b2b/discovery/organizations
            POST, /sdk/v1/b2b/discovery/intermediate_sessions/exchange
            POST, /sdk/v1/b2b/discovery/organizations/create
            """;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = ENDPOINTS)
    void withoutAuthorizationThenUnauthorizedCredentials(String method, String path) {
        var r = sdk.raw(method, path, body(method), Map.of());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
        assertThat(r.json().has("data")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = ENDPOINTS)
    void withUnknownPublicTokenThenUnauthorizedCredentials(String method, String path) {
        String unknown = "public-token-test-" + UUID.randomUUID();

        var r = sdk.withPublicToken(unknown).call(method, path, body(method), unknown);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = ENDPOINTS)
    void withProjectSecretInsteadOfPublicTokenThenUnauthorizedCredentials(String method, String path) {
        var r = sdk.raw(
                method,
                path,
                body(method),
                Map.of(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((server.projectId() + ":" + server.project.secret())
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorType()).isEqualTo("unauthorized_credentials");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = ENDPOINTS)
    void withSessionOfAnotherProjectThenSessionNotFound(String method, String path) {
        var r = sdk.call(method, path, body(method), otherProjectSession);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("session_not_found");
        assertThat(r.json().has("data")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = ENDPOINTS)
    void withRevokedSessionThenSessionNotFound(String method, String path) {
        var r = sdk.call(method, path, body(method), revokedSession);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("session_not_found");
    }

    @Test
    void sessionOfAnotherProjectWithThatProjectsPublicTokenThenAccepted() {
        var r = sdk.withPublicToken(otherProject.project().publicToken())
                .call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", otherProjectSession);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @Test
    void expiredSessionThenSessionNotFound() {
        String token = loginAsNewMember(server.project);
        var extended = sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{\"session_duration_minutes\":5}", token);
        assertThat(extended.status()).as(extended.text()).isEqualTo(200);

        server.clock.advance(Duration.ofMinutes(6));
        var r = sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", token);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("session_not_found");
    }

    @Test
    void projectSecretAsThePasswordPartThenNotASession() {
        var r = sdk.call("POST", "/sdk/v1/b2b/sessions/authenticate", "{}", server.project.secret());

        assertThat(r.errorType()).isEqualTo("session_not_found");
    }

    private static String body(String method) {
        return method.equals("GET") ? null : "{}";
    }
}
