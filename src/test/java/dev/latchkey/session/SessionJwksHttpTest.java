package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.Base64URL;
import com.stytch.java.b2b.models.sessions.GetJWKSRequest;
import com.stytch.java.b2b.models.sessions.GetJWKSResponse;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.common.StytchResult;
import com.stytch.java.consumer.models.sessions.JWK;
import dev.latchkey.project.Project;
import dev.latchkey.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JWKS route over HTTP, and the official Java SDK verifying Latchkey's JWTs locally against it. */
class SessionJwksHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestServer server;
    static Project project;

    @BeforeAll
    static void start() {
        server = new TestServer();
        // The SDK checks exp and nbf against the real time, so the server's clock must show it too.
        server.clock.advance(Duration.between(server.clock.instant(), Instant.now()));
        project = server.project.project();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jwksWithoutCredentialsReturnsTheKeysUncompressedAndCacheable() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/b2b/sessions/jwks/" + project.id()))
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status_code").asInt()).isEqualTo(200);
        assertThat(body.get("request_id").asText()).startsWith("request-id-test-");
        assertThat(body.get("keys")).hasSize(1);
        JsonNode key = body.get("keys").get(0);
        assertThat(key.get("kid").asText())
                .isEqualTo(
                        server.app.services().signingKeys().activeKey(project).kid());
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.get("use").asText()).isEqualTo("sig");
        assertThat(key.get("alg").asText()).isEqualTo("RS256");
        assertThat(key.get("key_ops")).containsExactly(JSON.valueToTree("verify"));
        assertThat(key.get("e").asText()).isEqualTo("AQAB");
        assertThat(Base64URL.from(key.get("n").asText()).decode()).hasSize(256);
        assertThat(key.get("x5c")).hasSize(1);
        assertThat(key.get("x5tS256").asText()).hasSize(43);
    }

    @Test
    void jwksOfUnknownProjectIsProjectNotFound() {
        var r = server.send(
                "GET", "/v1/b2b/sessions/jwks/project-test-00000000-0000-4000-8000-000000000000", null, null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorType()).isEqualTo("project_not_found");
        assertThat(r.at("/status_code")).isEqualTo("404");
        assertThat(r.at("/error_url")).isNotBlank();
    }

    @Test
    void sdkReadsTheJwksModel() throws Exception {
        StytchResult<GetJWKSResponse> r = server.sdk()
                .getSessions()
                .getJWKSCompletable(new GetJWKSRequest(project.id()))
                .get();

        assertThat(r).isInstanceOf(StytchResult.Success.class);
        GetJWKSResponse jwks = ((StytchResult.Success<GetJWKSResponse>) r).getValue();
        assertThat(jwks.getStatusCode()).isEqualTo(200);
        JWK key = jwks.getKeys().getFirst();
        assertThat(key.getKid())
                .isEqualTo(
                        server.app.services().signingKeys().activeKey(project).kid());
        assertThat(key.getKeyOps()).containsExactly("verify");
        assertThat(key.getX5C()).hasSize(1);
        assertThat(key.getX5TS256()).isNotBlank();
    }

    @Test
    void sdkVerifiesAMintedJwtLocallyAndRejectsATamperedOne() throws Exception {
        Instant now = server.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String jwt = server.app
                .services()
                .sessionJwts()
                .mint(
                        project,
                        "member-test-6f1c2a9e-1d3b-4c5d-8e7f-9a0b1c2d3e4f",
                        SessionClaims.session("member-session-test-0c9d8e7f-6a5b-4c3d-9e1f-2a3b4c5d6e7f", now),
                        SessionClaims.organization(),
                        Map.of("plan", "pro"));
        var sdk = server.sdk();

        StytchResult<MemberSession> r = sdk.getSessions()
                .authenticateJwtLocalCompletable(jwt, null, null, 0)
                .get();

        assertThat(r).as(r.toString()).isInstanceOf(StytchResult.Success.class);
        MemberSession session = ((StytchResult.Success<MemberSession>) r).getValue();
        assertThat(session.getMemberId()).isEqualTo("member-test-6f1c2a9e-1d3b-4c5d-8e7f-9a0b1c2d3e4f");
        assertThat(session.getMemberSessionId()).isEqualTo("member-session-test-0c9d8e7f-6a5b-4c3d-9e1f-2a3b4c5d6e7f");
        assertThat(session.getOrganizationId()).isEqualTo(SessionClaims.ORGANIZATION_ID);
        assertThat(session.getOrganizationSlug()).isEqualTo(SessionClaims.SLUG);
        assertThat(session.getStartedAt()).isEqualTo(now);
        assertThat(session.getExpiresAt()).isEqualTo(now.plusSeconds(3600));
        assertThat(session.getRoles()).containsExactly("stytch_member");
        assertThat(session.getAuthenticationFactors()).hasSize(1);
        assertThat(session.getCustomClaims()).containsEntry("plan", "pro");

        String[] parts = jwt.split("\\.");
        byte[] signature = Base64URL.from(parts[2]).decode();
        signature[10] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
        assertThat(sdk.getSessions()
                        .authenticateJwtLocalCompletable(tampered, null, null, 0)
                        .get())
                .isInstanceOf(StytchResult.Error.class);
    }
}
