package dev.latchkey.mfa;

import static dev.latchkey.testing.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile bodies on every endpoint of the MFA flow: every field the wrong type, NUL characters, huge strings,
 * bodies that are not objects. Each answer is a 4xx error envelope, never a 500, and nothing is written.
 */
class NeverServerErrorTest {
    /** Every POST endpoint of the flow and the fields it reads. */
    private static final Map<String, List<String>> POSTS = Map.ofEntries(
            Map.entry(
                    "/v1/b2b/passwords/authenticate",
                    List.of(
                            "organization_id",
                            "email_address",
                            "password",
                            "session_token",
                            "session_jwt",
                            "intermediate_session_token",
                            "session_duration_minutes",
                            "session_custom_claims",
                            "locale")),
            Map.entry(
                    "/v1/b2b/passwords/email/reset/start",
                    List.of(
                            "organization_id",
                            "email_address",
                            "reset_password_redirect_url",
                            "reset_password_expiration_minutes",
                            "code_challenge",
                            "locale")),
            Map.entry(
                    "/v1/b2b/passwords/email/reset",
                    List.of(
                            "password_reset_token",
                            "password",
                            "code_verifier",
                            "session_token",
                            "session_jwt",
                            "intermediate_session_token",
                            "session_duration_minutes")),
            Map.entry(
                    "/v1/b2b/passwords/existing_password/reset",
                    List.of(
                            "organization_id",
                            "email_address",
                            "existing_password",
                            "new_password",
                            "session_token",
                            "session_jwt")),
            Map.entry(
                    "/v1/b2b/passwords/session/reset",
                    List.of("organization_id", "password", "session_token", "session_jwt", "session_duration_minutes")),
            Map.entry(
                    "/v1/b2b/otps/sms/send",
                    List.of(
                            "organization_id",
                            "member_id",
                            "mfa_phone_number",
                            "locale",
                            "intermediate_session_token",
                            "session_token",
                            "session_jwt")),
            Map.entry(
                    "/v1/b2b/otps/sms/authenticate",
                    List.of(
                            "organization_id",
                            "member_id",
                            "code",
                            "intermediate_session_token",
                            "session_token",
                            "session_jwt",
                            "set_mfa_enrollment",
                            "set_default_mfa")),
            Map.entry(
                    "/v1/b2b/totp",
                    List.of(
                            "organization_id",
                            "member_id",
                            "expiration_minutes",
                            "intermediate_session_token",
                            "session_token",
                            "session_jwt")),
            Map.entry(
                    "/v1/b2b/totp/authenticate",
                    List.of(
                            "organization_id",
                            "member_id",
                            "code",
                            "intermediate_session_token",
                            "session_token",
                            "session_jwt",
                            "set_mfa_enrollment",
                            "set_default_mfa")),
            Map.entry("/v1/b2b/totp/migrate", List.of("organization_id", "member_id", "secret", "recovery_codes")),
            Map.entry(
                    "/v1/b2b/recovery_codes/recover",
                    List.of(
                            "organization_id",
                            "member_id",
                            "recovery_code",
                            "intermediate_session_token",
                            "session_token",
                            "session_jwt")),
            Map.entry("/v1/b2b/recovery_codes/rotate", List.of("organization_id", "member_id")),
            Map.entry(
                    "/v1/b2b/sessions/authenticate",
                    List.of("session_token", "session_jwt", "session_duration_minutes", "session_custom_claims")),
            Map.entry(
                    "/v1/b2b/sessions/revoke",
                    List.of("member_session_id", "session_token", "session_jwt", "member_id")),
            Map.entry(
                    "/v1/b2b/sessions/exchange",
                    List.of("organization_id", "session_token", "session_jwt", "session_duration_minutes")));

    static TestServer server;
    static Flows flows;
    static Tables tables;
    static String org;
    static String member;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        org = flows.organization("mfa_policy", "REQUIRED_FOR_ALL");
        member = flows.member(org, "target@example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Values no field accepts as valid, or that a careless store would choke on. */
    private static List<Object> hostileValues() {
        return List.of(
                42,
                -1.5,
                true,
                List.of("a", 1),
                Map.of("nested", Map.of("deeper", List.of())),
                "nul\u0000inside",
                "x".repeat(20_000),
                "' OR 1=1 --",
                "\uD83D\uDE00 é ß");
    }

    @Test
    void everyPostEndpointAnswersHostileFieldsWithA4xxEnvelope() {
        List<String> problems = new ArrayList<>();
        var before = tables.snapshot();
        POSTS.forEach((path, fields) -> {
            for (Object value : hostileValues()) {
                List<Object> body = new ArrayList<>();
                for (String field : fields) {
                    body.add(field);
                    // The organization and member are real, so a careless path gets past the lookups.
                    body.add(
                            field.equals("organization_id") && value instanceof String
                                    ? org
                                    : field.equals("member_id") && value instanceof String ? member : value);
                }
                check(path, server.call("POST", path, json(body.toArray())), problems);
            }
            List<Object> hostileIds = new ArrayList<>();
            for (String field : fields) {
                hostileIds.add(field);
                hostileIds.add(
                        field.endsWith("_id") || field.endsWith("token") || field.endsWith("jwt") ? "id\u0000" : null);
            }
            check(path, server.call("POST", path, json(hostileIds.toArray())), problems);
            for (String raw : List.of("", "[]", "\"x\"", "null", "{", "{\"a\":}", "\u0000", "{}")) {
                check(path, server.call("POST", path, raw), problems);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    @Test
    void getEndpointsAnswerHostilePathsAndQueriesWithA4xxEnvelope() {
        List<String> problems = new ArrayList<>();
        var before = tables.snapshot();
        for (String bad : List.of("%00", "x%00y", "%27%20OR%201%3D1", "%F0%9F%98%80", "a".repeat(5000), "%E9", "%25")) {
            check("recovery_codes", rawGet("/v1/b2b/recovery_codes/" + bad + "/" + bad), problems);
            check("recovery_codes", rawGet("/v1/b2b/recovery_codes/" + org + "/" + bad), problems);
            check("sessions", rawGet("/v1/b2b/sessions?organization_id=" + bad + "&member_id=" + bad), problems);
            check("sessions", rawGet("/v1/b2b/sessions?organization_id=" + org + "&member_id=" + bad), problems);
        }
        assertThat(problems).isEmpty();
        assertThat(tables.snapshot()).isEqualTo(before);
    }

    /** A GET as the test project, read without assuming the body is JSON. */
    private static TestServer.Response rawGet(String pathAndQuery) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((server.projectId() + ":" + server.project.secret())
                                                .getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = new ObjectMapper().readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new TestServer.Response(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(String what, TestServer.Response r, List<String> problems) {
        boolean envelope = r.json() != null
                && r.json().path("status_code").asInt() == r.status()
                && !r.json().path("error_type").asText().isEmpty()
                && !r.json().path("error_url").asText().isEmpty();
        if (r.status() < 400 || r.status() >= 500 || !envelope) {
            problems.add(what + " " + r.status() + " -> " + r.status() + " "
                    + r.text().substring(0, Math.min(200, r.text().length())));
        }
    }
}
