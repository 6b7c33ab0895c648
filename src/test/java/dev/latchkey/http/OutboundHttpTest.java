package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounds on requests to servers an admin named: a body cap, and redirects never followed. */
class OutboundHttpTest {
    private HttpServer server;
    private final OutboundHttp http = new OutboundHttp(Duration.ofSeconds(2));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/big", x -> answer(x, 200, new byte[OutboundHttp.MAX_BODY_BYTES + 1]));
        server.createContext("/exact", x -> answer(x, 200, new byte[OutboundHttp.MAX_BODY_BYTES]));
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", url("/exact").toString());
            answer(x, 302, new byte[0]);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBodyOverTheCapIsRefusedNotTruncated() {
        assertThatThrownBy(() -> http.send(get("/big")))
                .isInstanceOf(OutboundHttp.TooLarge.class)
                .hasMessageContaining("256 KiB");
    }

    @Test
    void aBodyAtTheCapIsRead() throws IOException {
        assertThat(http.send(get("/exact")).body()).hasSize(OutboundHttp.MAX_BODY_BYTES);
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() throws IOException {
        OutboundHttp.Answer a = http.send(get("/moved"));
        assertThat(a.status()).isEqualTo(302);
        assertThat(a.body()).isEmpty();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
