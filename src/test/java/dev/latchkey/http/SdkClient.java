package dev.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls {@code /sdk/v1} the way the browser SDK does (SDK.md §2): Basic {@code public_token:(session|public_token)},
 * JSON content type on every call, the SDK's telemetry headers, and an {@code Origin}.
 */
final class SdkClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestServer server;
    private final String publicToken;
    private final String origin;

    SdkClient(TestServer server, String publicToken, String origin) {
        this.server = server;
        this.publicToken = publicToken;
        this.origin = origin;
    }

    SdkClient withOrigin(String newOrigin) {
        return new SdkClient(server, publicToken, newOrigin);
    }

    SdkClient withPublicToken(String token) {
        return new SdkClient(server, token, origin);
    }

    /** A call while logged out: the public token twice. */
    Response call(String method, String path, String body) {
        return call(method, path, body, publicToken);
    }

    /** A call with {@code password} as the password part (a session token, or the public token). */
    Response call(String method, String path, String body, String password) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((publicToken + ":" + password).getBytes(StandardCharsets.UTF_8)));
        headers.put("X-SDK-Client", Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)));
        if (origin != null) {
            headers.put("X-SDK-Parent-Host", origin);
        }
        return raw(method, path, body, headers);
    }

    /** A request with exactly these headers (plus the Origin of this client, if any). */
    Response raw(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, JsonNode json, String text, HttpHeaders headers) {
        /** A field of the {@code data} payload, by JSON pointer below {@code /data}. */
        String data(String pointer) {
            JsonNode n = json.at("/data" + pointer);
            return n.isMissingNode() || n.isNull() ? null : n.asText();
        }

        String errorType() {
            return json == null || json.get("error_type") == null
                    ? null
                    : json.get("error_type").asText();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
