package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: with PostgreSQL stopped, every request is answered within about a second with a 503
 * {@code server_unavailable} envelope (no stack trace), {@code /readyz} says not ready as fast, and once PostgreSQL is
 * back the same server answers again by itself, with no restart.
 */
class DatabaseOutageTest {
    /** The connection timeout is 1 s; the rest is slack for a loaded 2-core machine. */
    private static final Duration ANSWER_BOUND = Duration.ofMillis(2_500);

    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);

    @Test
    void databaseWhenStoppedThenEveryRequestGets503QuicklyAndWhenBackThenServesWithoutRestart(@TempDir Path dir)
            throws IOException {
        int port = freePort();
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres pg = postgres(data, port);
        try (TestServer server =
                new TestServer(Map.of("LATCHKEY_DATABASE_URL", "jdbc:postgresql://localhost:" + port + "/postgres"))) {
            Fixtures fixtures = new Fixtures(server);
            String org = fixtures.organization("OPTIONAL");
            fixtures.memberWithPassword(org, "outage@example.com");
            var login = server.call("POST", "/v1/b2b/passwords/authenticate", login(org));
            assertThat(login.status()).as(login.text()).isEqualTo(200);
            String session = login.at("/session_token");
            List<Supplier<TestServer.Response>> calls = List.of(
                    () -> server.call("GET", "/v1/b2b/organizations/" + org, null),
                    () -> server.call("POST", "/v1/b2b/organizations", "{\"organization_name\":\"During outage\"}"),
                    () -> server.call(
                            "POST", "/v1/b2b/sessions/authenticate", "{\"session_token\":\"" + session + "\"}"),
                    () -> server.call("POST", "/v1/b2b/passwords/authenticate", login(org)));

            pg.close();

            long slowest = 0;
            for (Supplier<TestServer.Response> call : calls) {
                long started = System.nanoTime();
                TestServer.Response r = call.get();
                long millis = (System.nanoTime() - started) / 1_000_000;
                slowest = Math.max(slowest, millis);
                assertThat(r.status()).as(r.text()).isEqualTo(503);
                assertThat(r.errorType()).isEqualTo("server_unavailable");
                assertThat(r.at("/status_code")).isEqualTo("503");
                assertThat(r.text()).doesNotContain("Exception", "\tat ", "PSQL", "Hikari");
                assertThat(millis).as("answered in %d ms", millis).isLessThan(ANSWER_BOUND.toMillis());
            }
            long started = System.nanoTime();
            HttpResponse<String> ready = get(server, "/readyz");
            long readyMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(readyMillis).isLessThan(ANSWER_BOUND.toMillis());
            HttpResponse<String> org503 = get(server, "/v1/b2b/organizations/" + org);
            assertThat(org503.headers().firstValue("Retry-After")).hasValue("1");
            System.out.printf("outage: slowest 503 in %d ms, /readyz not ready in %d ms%n", slowest, readyMillis);

            pg = postgres(data, port);

            long back = System.nanoTime();
            Duration waited = Duration.ZERO;
            while (server.call("GET", "/v1/b2b/organizations/" + org, null).status() != 200) {
                waited = Duration.ofNanos(System.nanoTime() - back);
                assertThat(waited).as("recovered within %s", RECOVERY_BOUND).isLessThan(RECOVERY_BOUND);
            }
            System.out.printf(
                    "outage: first success %d ms after PostgreSQL was back%n", (System.nanoTime() - back) / 1_000_000);
            for (Supplier<TestServer.Response> call : calls) {
                TestServer.Response r = call.get();
                assertThat(r.status()).as(r.text()).isEqualTo(200);
            }
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
        } finally {
            pg.close();
        }
    }

    private static String login(String org) {
        return "{\"organization_id\":\"" + org + "\",\"email_address\":\"outage@example.com\",\"password\":\""
                + Fixtures.PASSWORD + "\",\"session_duration_minutes\":60}";
    }

    /** A PostgreSQL this test can stop and start again on the same port and data. */
    private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(TestServer server, String path) throws IOException {
        String auth = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((server.projectId() + ":" + server.project.secret()).getBytes());
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                    .header("Authorization", auth)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
