package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: every refusal, whether Jetty answers it before routing or Latchkey does, is the JSON envelope for every
 * method. Requests a well-behaved client would refuse to send (a malformed escape, 20 KB of header) go over a raw
 * socket.
 */
class EdgeRefusalEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVIL = "https://evil.example";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw HTTP/1.1 exchange: status, header block (lower-cased) and body. */
    record Raw(int status, String headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static Raw raw(String requestLine, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
            socket.setSoTimeout(10_000);
            String request = requestLine + "\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            assertThat(split).as(response).isPositive();
            String head = response.substring(0, split);
            return new Raw(
                    Integer.parseInt(head.substring(9, 12)),
                    head.toLowerCase(Locale.ROOT),
                    response.substring(split + 4));
        }
    }

    static void assertEnvelope(Raw r, int status, String errorType) throws IOException {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers()).contains("content-type: application/json");
        JsonNode body = r.json();
        assertThat(body.path("status_code").intValue()).isEqualTo(status);
        assertThat(body.path("error_type").asText()).isEqualTo(errorType);
        assertThat(body.path("request_id").asText()).startsWith("request-id-");
        assertThat(body.path("error_url").asText()).endsWith("/" + status + "#" + errorType);
        assertThat(body.path("error_message").asText()).isNotBlank().doesNotContain("Exception", "\tat ");
    }

    /** Escapes that are not percent-encoding, or decode to bytes that are not UTF-8, or to NUL. */
    static final List<String> MALFORMED = List.of("%zz", "%", "%2", "%C0%AF", "%E0%A4%A", "%FF", "%00");

    static Stream<Arguments> methodsAndMalformedEscapes() {
        return Stream.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")
                .flatMap(m -> MALFORMED.stream().map(e -> Arguments.of(m, e)));
    }

    @ParameterizedTest(name = "{0} /v1/b2b/organizations/{1}")
    @MethodSource("methodsAndMalformedEscapes")
    void malformedPercentEncodingWhenAnyMethodThenBadRequestEnvelope(String method, String escape) throws IOException {
        Raw r = raw(method + " /v1/b2b/organizations/" + escape + " HTTP/1.1", "");

        if (method.equals("HEAD")) { // a HEAD answer has no body by definition; its status and type still say it
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.headers()).contains("content-type: application/json");
            return;
        }
        assertEnvelope(r, 400, "bad_request");
    }

    @ParameterizedTest(name = "{0} on the SDK surface with a malformed escape")
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS"})
    void malformedPercentEncodingOnSdkSurfaceThenBadRequestEnvelope(String method) throws IOException {
        assertEnvelope(raw(method + " /sdk/v1/b2b/organizations/%G1 HTTP/1.1", ""), 400, "bad_request");
    }

    @ParameterizedTest(name = "{0} with 20 KB of header")
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void oversizedHeadersWhenAnyMethodThenHeaderTooLargeEnvelope(String method) throws IOException {
        Raw r = raw(method + " /v1/b2b/organizations/search HTTP/1.1", "X-Padding: " + "a".repeat(20_000) + "\r\n");

        assertEnvelope(r, 431, "bad_request");
    }

    @ParameterizedTest(name = "{0} with a 20 KB URI")
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void oversizedUriWhenAnyMethodThenUriTooLongEnvelope(String method) throws IOException {
        Raw r = raw(method + " /v1/b2b/organizations/" + "a".repeat(20_000) + " HTTP/1.1", "");

        assertEnvelope(r, 414, "bad_request");
    }

    @Test
    void preflightWhenOriginUnauthorizedThenForbiddenEnvelopeWithoutCorsHeaders() throws IOException {
        Raw r = raw(
                "OPTIONS /sdk/v1/b2b/passwords/authenticate HTTP/1.1",
                "Origin: " + EVIL + "\r\nAccess-Control-Request-Method: POST\r\n");

        assertEnvelope(r, 403, "bad_domain_for_stytch_sdk");
        assertThat(r.json().path("error_message").asText()).contains(EVIL);
        assertThat(r.headers()).doesNotContain("access-control-allow-origin", "access-control-allow-credentials");
    }

    @Test
    void preflightWhenNoOriginThenForbiddenEnvelope() throws IOException {
        assertEnvelope(
                raw("OPTIONS /sdk/v1/b2b/passwords/authenticate HTTP/1.1", "Access-Control-Request-Method: POST\r\n"),
                403,
                "bad_domain_for_stytch_sdk");
    }

    @Test
    void unknownRouteWhenEveryMethodThenRouteNotFoundEnvelope() throws IOException {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            assertEnvelope(raw(method + " /v1/nowhere HTTP/1.1", ""), 404, "route_not_found");
        }
    }
}
