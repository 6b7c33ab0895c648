package dev.latchkey.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Requests this server makes to servers an administrator named: an identity provider's discovery document, SAML
 * metadata, token and userinfo endpoints. Bounds the other side cannot stretch: a connect timeout, the request's own
 * timeout, no redirects (an https URL cannot be bounced to plain http or another host), and a cap on the body read,
 * so a hostile or broken provider can hold neither a thread nor the heap.
 */
public final class OutboundHttp {
    /** The most of a body read; more is refused, not truncated. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final HttpClient client;

    public OutboundHttp(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An answer: status, headers, and the body as UTF-8. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {}

    /** A body longer than {@link #MAX_BODY_BYTES}. */
    public static final class TooLarge extends IOException {
        TooLarge(String url) {
            super(url + " answered more than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
    }

    /** Sends {@code request} (which carries its own timeout) and reads at most {@link #MAX_BODY_BYTES} of the body. */
    public Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw new TooLarge(request.uri().toString());
                }
                return new Answer(
                        response.statusCode(), response.headers().map(), new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
