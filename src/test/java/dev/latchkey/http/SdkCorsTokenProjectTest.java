package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Access-Control-Allow-Origin} is set on an {@code /sdk/v1} answer only for an origin authorized for the
 * project whose public token the request carries. A preflight carries no token, so it is answered for an origin
 * some project authorized; the request that follows is judged by its own token.
 */
class SdkCorsTokenProjectTest {
    static final String APP_A = "https://a.example";
    static final String APP_B = "https://b.example";

    static TestServer server;
    static ProjectCredentials projectB;
    static SdkClient fromAWithTokenA;
    static SdkClient fromAWithTokenB;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.app.services().authorizedOrigins().add(server.projectId(), APP_A);
        projectB = server.newProject();
        server.app.services().authorizedOrigins().add(projectB.project().id(), APP_B);
        fromAWithTokenA = new SdkClient(server, server.project.project().publicToken(), APP_A);
        fromAWithTokenB = new SdkClient(server, projectB.project().publicToken(), APP_A);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void noCorsHeaders(SdkClient.Response r) {
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void originOfProjectAWithProjectBsTokenThenRefusedWithoutCorsHeaders() {
        SdkClient.Response r =
                fromAWithTokenB.call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("bad_domain_for_stytch_sdk");
        noCorsHeaders(r);
    }

    @Test
    void originOfProjectAWithProjectBsTokenOnAnUnregisteredPathThenNoCorsHeaders() {
        SdkClient.Response r = fromAWithTokenB.call("POST", "/sdk/v1/b2b/organizations", "{}");

        assertThat(r.status()).isEqualTo(403);
        noCorsHeaders(r);
        // With its own project's token the same origin may read the refusal.
        assertThat(fromAWithTokenA
                        .call("POST", "/sdk/v1/b2b/organizations", "{}")
                        .header("Access-Control-Allow-Origin"))
                .isEqualTo(APP_A);
    }

    @Test
    void originOfProjectAWithProjectBsBootstrapThenRefusedWithoutCorsHeaders() {
        SdkClient.Response r = fromAWithTokenA.call(
                "GET", "/sdk/v1/projects/bootstrap/" + projectB.project().publicToken(), null);

        assertThat(r.status()).isEqualTo(403);
        noCorsHeaders(r);
        assertThat(fromAWithTokenA
                        .call(
                                "GET",
                                "/sdk/v1/projects/bootstrap/"
                                        + server.project.project().publicToken(),
                                null)
                        .header("Access-Control-Allow-Origin"))
                .isEqualTo(APP_A);
    }

    @Test
    void authorizedOriginWithAnUnknownPublicTokenThenUnauthorizedWithoutCorsHeaders() {
        SdkClient.Response r = fromAWithTokenA
                .withPublicToken("public-token-test-00000000-0000-0000-0000-000000000000")
                .call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");

        assertThat(r.status()).isEqualTo(401);
        noCorsHeaders(r);
    }

    @Test
    void authorizedOriginWithoutCredentialsThenNoCorsHeaders() {
        SdkClient.Response r =
                fromAWithTokenA.raw("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}", Map.of());

        assertThat(r.status()).isEqualTo(401);
        noCorsHeaders(r);
    }

    @Test
    void preflightFromAnOriginOfAnyProjectThenAnsweredButTheCallIsJudgedByItsToken() {
        SdkClient.Response preflight = fromAWithTokenB.raw(
                "OPTIONS",
                "/sdk/v1/b2b/passwords/strength_check",
                null,
                Map.of("Access-Control-Request-Method", "POST"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP_A);

        SdkClient.Response own =
                fromAWithTokenA.call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.header("Access-Control-Allow-Origin")).isEqualTo(APP_A);
    }
}
