package dev.latchkey.sso;

import dev.latchkey.http.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Fetches a small document an admin pointed a connection at (an OIDC discovery document, SAML IdP metadata), with
 * bounds an admin cannot stretch: short timeouts, a size cap, no redirects (so an https URL cannot be bounced to
 * plain http or to another host), and https only on live projects.
 */
final class RemoteDocuments {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final OutboundHttp http = new OutboundHttp(CONNECT_TIMEOUT);

    /** Why a document could not be fetched, in words an admin can act on. */
    static final class FetchFailed extends Exception {
        FetchFailed(String message) {
            super(message);
        }
    }

    /** The body of a 200 answer to GET {@code url}, at most {@link OutboundHttp#MAX_BODY_BYTES}. */
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
        OutboundHttp.Answer answer;
        try {
            answer = http.send(request);
        } catch (OutboundHttp.TooLarge e) {
            throw new FetchFailed(e.getMessage());
        } catch (IOException e) {
            throw new FetchFailed(url + " could not be fetched: " + e.getClass().getSimpleName());
        }
        if (answer.status() != 200) {
            throw new FetchFailed(url + " answered HTTP " + answer.status());
        }
        return answer.body();
    }
}
