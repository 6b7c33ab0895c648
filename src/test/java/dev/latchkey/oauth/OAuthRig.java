package dev.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testidp.TestOidcProvider;
import dev.latchkey.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives the browser's part of an OAuth login against a test server: the start redirect, the provider (a
 * {@link TestOidcProvider}), the callback, and the redirect back to the application.
 */
final class OAuthRig {
    static final String LOGIN_URL = "http://localhost:3000/authenticate";
    static final String SIGNUP_URL = "http://localhost:3000/signup";
    static final String DISCOVERY_URL = "http://localhost:3000/discover";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final TestServer server;

    OAuthRig(TestServer server) {
        this.server = server;
    }

    /** A GET that does not follow redirects: status, Location (or null), body. */
    record Answer(int status, String location, String body) {
        Map<String, String> query() {
            return OAuthRig.query(URI.create(location));
        }

        String errorType() {
            try {
                return new ObjectMapper().readTree(body).path("error_type").asText();
            } catch (IOException e) {
                return "";
            }
        }
    }

    Answer get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /v1/b2b/public/oauth/{provider}/start} (or discovery/start) with the public token and these params. */
    Answer start(String provider, boolean discovery, String... params) {
        StringBuilder url = new StringBuilder(server.baseUrl())
                .append("/v1/b2b/public/oauth/")
                .append(provider)
                .append(discovery ? "/discovery/start" : "/start")
                .append("?public_token=")
                .append(enc(server.project.project().publicToken()));
        for (int i = 0; i < params.length; i += 2) {
            url.append('&').append(params[i]).append('=').append(enc(params[i + 1]));
        }
        return get(url.toString());
    }

    /** Start → provider → the callback URL the provider sends the browser to (not yet called). */
    String toCallback(TestOidcProvider idp, String provider, boolean discovery, String... params) {
        Answer started = start(provider, discovery, params);
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        return idp.callbackFor(URI.create(started.location())).toString();
    }

    /** The whole round trip; the answer of the callback (a 302 to the application, or an error). */
    Answer login(TestOidcProvider idp, String provider, boolean discovery, String... params) {
        return get(toCallback(idp, provider, discovery, params));
    }

    /** The token of a successful round trip, checking the token type the application is given. */
    String token(TestOidcProvider idp, String provider, String expectedUrl, String... params) {
        boolean discovery = DISCOVERY_URL.equals(expectedUrl);
        Answer back = login(idp, provider, discovery, params);
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        assertThat(back.location()).startsWith(expectedUrl + "?");
        assertThat(back.query()).containsEntry("stytch_token_type", discovery ? "discovery_oauth" : "oauth");
        return back.query().get("token");
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
