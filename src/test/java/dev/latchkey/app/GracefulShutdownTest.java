package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Fixtures;
import dev.latchkey.testing.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@code latchkey serve} in its own process, given SIGTERM ({@link Process#destroy()}) while 20 password
 * logins are in flight, stops accepting, lets every one of them finish with 200, closes the database after HTTP, and
 * exits 0. Before, every request in flight got a connection reset. Logins are the slow request: Argon2id, here one at a
 * time, so most of them are still queued in the server when the signal arrives.
 */
class GracefulShutdownTest {
    private static final String PROJECT = "project-test-5b0c7a52-8f0e-4f8a-9d0b-2c1e3f4a5b6c";
    private static final String SECRET = "secret-test-graceful-shutdown-0123456789abcdef";
    private static final String TOKEN = "public-token-test-7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d";
    private static final String EMAIL = "stays@example.com";
    private static final int LOGINS = 20;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigtermWhenLoginsInFlightThenAllFinish200AndProcessExitsZero(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = serve(dir, port, log);
        try {
            awaitHealthy(port, server, log);
            String org = call(port, "POST", "/v1/b2b/organizations", "{\"organization_name\":\"Graceful\"}")
                    .body()
                    .replaceAll("(?s).*\"organization_id\":\"([^\"]+)\".*", "$1");
            String hash =
                    com.password4j.Password.hash(Fixtures.PASSWORD).withBcrypt().getResult();
            assertThat(call(
                                    port,
                                    "POST",
                                    "/v1/b2b/passwords/migrate",
                                    "{\"organization_id\":\"" + org
                                            + "\",\"email_address\":\"" + EMAIL + "\",\"hash\":\"" + hash
                                            + "\",\"hash_type\":\"bcrypt\"}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(login(port, org).join().statusCode()).isEqualTo(200); // re-hashes to Argon2id once

            AtomicLong signalledAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong finishedAfterSignal = new AtomicLong();
            List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
            for (int i = 0; i < LOGINS; i++) {
                logins.add(login(port, org).whenComplete((r, t) -> {
                    if (System.nanoTime() > signalledAt.get()) {
                        finishedAfterSignal.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.anyOf(logins.toArray(CompletableFuture[]::new)).join();
            signalledAt.set(System.nanoTime());
            server.destroy(); // SIGTERM

            for (CompletableFuture<HttpResponse<String>> f : logins) {
                HttpResponse<String> r = f.join();
                assertThat(r.statusCode()).as("%s%n%s", r.body(), tail(log)).isEqualTo(200);
                assertThat(r.body()).contains("\"session_token\"");
            }
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as(tail(log)).isTrue();
            long stopMillis = (System.nanoTime() - signalledAt.get()) / 1_000_000;
            assertThat(server.exitValue()).as(tail(log)).isZero();
            assertThat(finishedAfterSignal.get())
                    .as("logins still in flight when SIGTERM came")
                    .isPositive();
            assertThat(Files.readString(log)).contains("SIGTERM received", "stopped in");
            System.out.printf(
                    "shutdown: %d of %d logins finished after SIGTERM, all 200; process exited 0 after %d ms%n",
                    finishedAfterSignal.get(), LOGINS, stopMillis);
        } finally {
            server.destroyForcibly();
        }
    }

    private static Process serve(Path dir, int port, Path log) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), "dev.latchkey.cli.Main", "serve")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("LATCHKEY_HOST", "127.0.0.1");
        env.put("LATCHKEY_PORT", Integer.toString(port));
        env.put("LATCHKEY_DATA_DIR", dir.resolve("data").toString());
        env.put("LATCHKEY_DATABASE_URL", TestDatabases.freshDatabaseUrl());
        // This test is about SIGTERM, not about database waits: on a shared 2-core machine 20 logins at once can wait
        // more than the default 1 s for a connection, and would be shed with 503 before the signal is even sent.
        env.put("LATCHKEY_DATABASE_CONNECT_TIMEOUT_MS", "20000");
        env.put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("LATCHKEY_PROJECT_ID", PROJECT);
        env.put("LATCHKEY_PROJECT_SECRET", SECRET);
        env.put("LATCHKEY_PUBLIC_TOKEN", TOKEN);
        env.put("LATCHKEY_THROTTLE_GUESSES_PER_IP_MINUTE", "100000");
        env.put("LATCHKEY_THROTTLE_GUESSES_PER_ADDRESS_MINUTE", "100000");
        env.put("LATCHKEY_PASSWORD_HASH_CONCURRENCY", "1");
        env.put("LATCHKEY_PASSWORD_HASH_WAIT_MS", "60000");
        env.put("LATCHKEY_SHUTDOWN_GRACE_SECONDS", "30");
        return pb.start();
    }

    private void awaitHealthy(int port, Process server, Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(server.isAlive()).as(tail(log)).isTrue();
            assertThat(System.nanoTime())
                    .as("healthy within 90 s: %s", tail(log))
                    .isLessThan(deadline);
            try {
                if (call(port, "GET", "/healthz", null).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            server.onExit().completeOnTimeout(null, 200, TimeUnit.MILLISECONDS).join();
        }
    }

    private CompletableFuture<HttpResponse<String>> login(int port, String org) {
        return http.sendAsync(
                request(
                        port,
                        "POST",
                        "/v1/b2b/passwords/authenticate",
                        "{\"organization_id\":\"" + org + "\",\"email_address\":\"" + EMAIL + "\",\"password\":\""
                                + Fixtures.PASSWORD + "\",\"session_duration_minutes\":60}"),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(int port, String method, String path, String body) {
        try {
            return http.send(request(port, method, path, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(int port, String method, String path, String body) {
        String auth = "Basic "
                + Base64.getEncoder().encodeToString((PROJECT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
