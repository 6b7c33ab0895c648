package dev.latchkey.bench;

import dev.latchkey.password.PasswordHasher;
import dev.latchkey.testing.TestServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The floor under any password login (issue 12): an HTTP server on the same stack as Latchkey's (Javalin on Jetty,
 * requests on virtual threads) whose one route verifies a password through a {@link PasswordHasher} and its hashing
 * pool, as a login does, and does nothing else: no database, no throttle, no session, no JWT. Its rate against the
 * hash bound shows what HTTP and the pool cost; the login's rate against it shows what the login's own work costs.
 */
final class HashFloor implements AutoCloseable {
    private static final String PASSWORD = "correct horse battery staple 42!";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Javalin http;
    private final URI uri;

    HashFloor() {
        PasswordHasher hasher = new PasswordHasher();
        String stored = hasher.hash(PASSWORD);
        this.http = Javalin.create(c -> {
                    c.concurrency.useVirtualThreads = true;
                    c.startup.showJavalinBanner = false;
                    c.routes.post("/verify", ctx -> {
                        boolean matches = hasher.verify(ctx.body(), stored).matches();
                        ctx.status(matches ? 200 : 401)
                                .contentType("application/json")
                                .result("{\"status_code\":" + ctx.statusCode() + "}");
                    });
                })
                .start("127.0.0.1", 0);
        this.uri = URI.create("http://127.0.0.1:" + http.port() + "/verify");
    }

    /** One verification of the right password, over HTTP. */
    TestServer.Response verify() {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(PASSWORD))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new TestServer.Response(r.statusCode(), null, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop();
    }
}
