package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: after a SIGKILL of the JVM the embedded PostgreSQL, started through {@code pg_ctl} and so not the JVM's
 * child, lives on holding {@code postmaster.pid}; the next start must stop that orphan and serve the same data at
 * once, not fail.
 */
class KillAndRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ID = "project-test-5b2f8c1e-7d3a-4e9b-a6c5-1f0e9d8c7b6a";
    private static final String SECRET = "secret-test-kill-and-restart-0123456789abcdef";
    private static final String TOKEN = "public-token-test-8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586";
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void startAfterSigkillWhenEmbeddedPostgresOutlivedTheJvmThenStopsTheOrphanAndServesTheData(@TempDir Path dataDir)
            throws Exception {
        Map<String, String> env = Map.of(
                "LATCHKEY_DATA_DIR",
                dataDir.toString(),
                "LATCHKEY_HOST",
                "127.0.0.1",
                "LATCHKEY_PORT",
                "0",
                "LATCHKEY_DATABASE_POOL_SIZE",
                "4",
                "LATCHKEY_PROJECT_ID",
                ID,
                "LATCHKEY_PROJECT_SECRET",
                SECRET,
                "LATCHKEY_PUBLIC_TOKEN",
                TOKEN,
                "PATH",
                System.getenv("PATH"));
        Optional<ProcessHandle> orphan = Optional.empty();
        long firstStarted = System.nanoTime();
        try (ServerProcess first = ServerProcess.start(env, START)) {
            long firstMillis = (System.nanoTime() - firstStarted) / 1_000_000;
            HttpResponse<String> created =
                    send(first, "POST", "/v1/b2b/organizations", "{\"organization_name\":\"Outlives a SIGKILL\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String orgId = JSON.readTree(created.body())
                    .at("/organization/organization_id")
                    .asText();
            orphan = postmaster(dataDir);
            assertThat(orphan).as("postmaster.pid names a live PostgreSQL").isPresent();

            first.kill();
            assertThat(running(orphan.get()))
                    .as("the embedded PostgreSQL outlives a SIGKILLed JVM (the fault under test)")
                    .isTrue();

            long started = System.nanoTime();
            try (ServerProcess second = ServerProcess.start(env, START)) {
                long readyMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(running(orphan.get())).as("the orphan was stopped").isFalse();
                assertThat(postmaster(dataDir).map(ProcessHandle::pid))
                        .isPresent()
                        .isNotEqualTo(Optional.of(orphan.get().pid()));
                assertThat(second.output()).contains("outlived the Latchkey process");
                HttpResponse<String> found = send(second, "GET", "/v1/b2b/organizations/" + orgId, null);
                assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
                JsonNode org = JSON.readTree(found.body());
                assertThat(org.at("/organization/organization_name").asText()).isEqualTo("Outlives a SIGKILL");
                assertThat(send(second, "GET", "/readyz", null).statusCode()).isEqualTo(200);
                System.out.printf(
                        "restart after SIGKILL with an orphaned PostgreSQL: listening in %d ms%n", readyMillis);
                second.stop(); // SIGTERM: the shutdown hook stops PostgreSQL too
            }
            assertThat(postmaster(dataDir)).as("SIGTERM also stops PostgreSQL").isEmpty();
        } finally {
            orphan.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy); // a failed run leaves no server
        }
    }

    /**
     * Alive and not a zombie: a stopped orphan is reparented to init, which may reap it late, and until then
     * {@link ProcessHandle#isAlive} still says true.
     */
    private static boolean running(ProcessHandle process) throws IOException {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String line = Files.readString(stat);
        return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private static HttpResponse<String> send(ServerProcess server, String method, String path, String body)
            throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + auth)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
