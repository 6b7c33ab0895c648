package dev.latchkey.sso;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches a small document an admin pointed a connection at (an OIDC discovery document, SAML IdP metadata), with
 * bounds an admin cannot stretch: short timeouts, a size cap, no redirects (so an https URL cannot be bounced to
 * plain http or to another host), and https only on live projects.
 */
final class RemoteDocuments {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BYTES = 256 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Why a document could not be fetched, in words an admin can act on. */
    static final class FetchFailed extends Exception {
        FetchFailed(String message) {
            super(message);
        }
    }

    /** The body of a 200 answer to GET {@code url}. */
    String fetch(String url, boolean httpsOnly) throws FetchFailed {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new FetchFailed("not a URL: " + url);
        }
        boolean https = "https".equals(uri.getScheme());
        if (uri.getHost() == null || !(https || (!httpsOnly && "http".equals(uri.getScheme())))) {
            throw new FetchFailed(
                    (httpsOnly ? "an absolute https URL is required" : "an absolute http(s) URL is required") + ": "
                            + url);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/xml, text/xml")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FetchFailed(url + " answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new FetchFailed(url + " answered more than " + MAX_BYTES / 1024 + " KiB");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new FetchFailed(url + " could not be fetched: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailed(url + " could not be fetched: interrupted");
        }
    }
}
