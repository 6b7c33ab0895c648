package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.project.ProjectCredentials;
import dev.latchkey.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS on {@code /sdk/v1}: only a project's authorized origins may call it from a browser (SDK.md §2). */
class SdkCorsTest {
    static final String APP = "http://127.0.0.1:5173";
    static final String OTHER_APP = "https://other.example";
    static final String EVIL = "https://evil.example";

    static TestServer server;
    static SdkClient fromApp;
    static ProjectCredentials otherProject;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.app.services().authorizedOrigins().add(server.projectId(), APP);
        otherProject = server.newProject();
        server.app.services().authorizedOrigins().add(otherProject.project().id(), OTHER_APP);
        fromApp = new SdkClient(server, server.project.project().publicToken(), APP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SdkClient.Response preflight(SdkClient client, String path) {
        return client.raw(
                "OPTIONS",
                path,
                null,
                Map.of(
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type,x-sdk-client,x-sdk-parent-host"));
    }

    @Test
    void preflightFromAuthorizedOriginThenNoContentWithExactOriginAndCredentials() {
        var r = preflight(fromApp, "/sdk/v1/b2b/passwords/authenticate");

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(r.header("Access-Control-Allow-Methods")).contains("GET", "POST", "PUT", "DELETE");
        assertThat(r.header("Access-Control-Allow-Headers"))
                .contains("Authorization", "Content-Type", "X-SDK-Client", "X-SDK-Parent-Host");
        assertThat(r.header("Vary")).contains("Origin");
    }

    @Test
    void preflightForBootstrapAndNestedPathsThenAnswered() {
        String token = server.project.project().publicToken();

        assertThat(preflight(fromApp, "/sdk/v1/projects/bootstrap/" + token).status())
                .isEqualTo(204);
        assertThat(preflight(fromApp, "/sdk/v1/b2b/organizations/members/me").status())
                .isEqualTo(204);
    }

    @Test
    void preflightFromUnauthorizedOriginThenRefusedWithoutCorsHeaders() {
        var r = preflight(fromApp.withOrigin(EVIL), "/sdk/v1/b2b/passwords/authenticate");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void callFromAuthorizedOriginThenCorsHeadersOnSuccessAndOnError() {
        var ok = fromApp.call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");
        var failed = fromApp.call("POST", "/sdk/v1/b2b/passwords/strength_check", "{}");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(ok.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }

    @Test
    void callFromUnauthorizedOriginThenBadDomainWithoutCorsHeaders() {
        var r = fromApp.withOrigin(EVIL).call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("bad_domain_for_stytch_sdk");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void callFromAnotherProjectsOriginThenBadDomainWithoutCorsHeaders() {
        // The preflight passes (the origin is some project's), the call itself is checked against its project.
        assertThat(preflight(fromApp.withOrigin(OTHER_APP), "/sdk/v1/b2b/passwords/strength_check")
                        .status())
                .isEqualTo(204);

        var r = fromApp.withOrigin(OTHER_APP)
                .call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("bad_domain_for_stytch_sdk");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void bootstrapFromAnotherProjectsOriginThenBadDomain() {
        var r = fromApp.withOrigin(OTHER_APP)
                .call(
                        "GET",
                        "/sdk/v1/projects/bootstrap/" + server.project.project().publicToken(),
                        null);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("bad_domain_for_stytch_sdk");
    }

    @Test
    void callWithoutOriginThenServedWithoutCorsHeaders() {
        var r = fromApp.withOrigin(null).call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void eventsFromAuthorizedOriginWithoutCredentialsThenAccepted() {
        var r = fromApp.raw("POST", "/sdk/v1/events", "[{\"event\":{\"event_name\":\"x\"}}]", Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("data")).isTrue();
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }

    @Test
    void backendEndpointUnderSdkPrefixThenNotAuthorizedForSdkReadableByTheApp() {
        var r = fromApp.call("POST", "/sdk/v1/b2b/organizations", "{\"organization_name\":\"x\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("endpoint_not_authorized_for_sdk");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }

    @Test
    void backendRoutesThenNoCorsHeadersEvenForAnAuthorizedOrigin() {
        var r = fromApp.raw("OPTIONS", "/v1/b2b/organizations", null, Map.of("Access-Control-Request-Method", "POST"));

        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void originWithdrawnThenRefusedAtOnce() {
        String origin = "http://localhost:4000";
        server.app.services().authorizedOrigins().add(server.projectId(), origin);
        assertThat(preflight(fromApp.withOrigin(origin), "/sdk/v1/b2b/passwords/strength_check")
                        .status())
                .isEqualTo(204);

        server.app.services().authorizedOrigins().remove(server.projectId(), origin);

        assertThat(preflight(fromApp.withOrigin(origin), "/sdk/v1/b2b/passwords/strength_check")
                        .status())
                .isEqualTo(403);
        assertThat(fromApp.withOrigin(origin)
                        .call("POST", "/sdk/v1/b2b/passwords/strength_check", "{\"password\":\"x\"}")
                        .errorType())
                .isEqualTo("bad_domain_for_stytch_sdk");
    }
}
