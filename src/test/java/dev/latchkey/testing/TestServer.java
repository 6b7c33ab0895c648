package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.common.OptionalClientConfig;
import dev.latchkey.app.Application;
import dev.latchkey.app.Config;
import dev.latchkey.project.Environment;
import dev.latchkey.project.ProjectCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Latchkey server on a random port against a fresh database, with a mutable clock and one test
 * project. Start one per test class; close it in {@code @AfterAll}.
 */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    public final Application app;
    public final ProjectCredentials project;
    public final String databaseUrl;

    public TestServer() {
        this(Map.of());
    }

    /** A server whose configuration adds {@code extraEnvironment} (LATCHKEY_* variables) to the defaults. */
    public TestServer(Map<String, String> extraEnvironment) {
        try {
            Path dataDir = Files.createTempDirectory("latchkey-test");
            databaseUrl = TestDatabases.freshDatabaseUrl();
            Map<String, String> env = new HashMap<>();
            env.put("LATCHKEY_HOST", "127.0.0.1");
            env.put("LATCHKEY_PORT", "0");
            env.put("LATCHKEY_DATA_DIR", dataDir.toString());
            env.put("LATCHKEY_DATABASE_URL", databaseUrl);
            env.put("LATCHKEY_DATABASE_POOL_SIZE", "8");
            env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
            // Every test runs from 127.0.0.1 and its clock rarely moves, so one class's many flows would trip the
            // per-IP throttles; they are raised here, never turned off. ThrottleTest runs with the real defaults.
            env.put("LATCHKEY_THROTTLE_SENDS_PER_IP_MINUTE", "1000000");
            env.put("LATCHKEY_THROTTLE_GUESSES_PER_IP_MINUTE", "1000000");
            env.putAll(extraEnvironment);
            Config config = Config.fromEnvironment(env);
            app = Application.start(config, clock);
            project = newProject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ProjectCredentials newProject() {
        return app.services().projects().create(Environment.TEST);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public String projectId() {
        return project.project().id();
    }

    /** An official Java SDK client for the test project, pointed at this server. */
    public StytchB2BClient sdk() {
        return sdk(project);
    }

    public StytchB2BClient sdk(ProjectCredentials credentials) {
        return new StytchB2BClient(
                credentials.project().id(), credentials.secret(), new OptionalClientConfig(baseUrl()));
    }

    /** Sends a request as the test project; {@code body} may be null. */
    public Response call(String method, String path, String body) {
        return call(method, path, body, project.project().id(), project.secret());
    }

    public Response call(String method, String path, String body, String user, String secret) {
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(method, path, body, auth);
    }

    public Response send(String method, String path, String body, String authorization) {
        return sendWithHeaders(
                method, path, body, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    /** A request with these headers (and a JSON content type). */
    public Response sendWithHeaders(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), jsonOrNull(r.body()), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode jsonOrNull(String body) {
        if (body.isEmpty() || !(body.startsWith("{") || body.startsWith("["))) {
            return null; // e.g. the Prometheus text of /metrics
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response: status, parsed JSON body (or null), raw text. */
    public record Response(int status, JsonNode json, String text) {
        public String errorType() {
            return json == null || json.get("error_type") == null
                    ? null
                    : json.get("error_type").asText();
        }

        public String at(String pointer) {
            JsonNode n = json.at(pointer);
            return n.isMissingNode() ? null : n.asText();
        }
    }

    /** Messages in the durable outbox still waiting for (or in) delivery. */
    public long pendingOutboxMessages() {
        return app.services().database().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM outbox WHERE status = 'pending'")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public void close() {
        app.close();
    }
}
