package dev.latchkey.oidc;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import dev.latchkey.http.OutboundHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Sends Nimbus' requests through {@link OutboundHttp}, so that a provider's token, userinfo and discovery answers
 * are bounded in time and size as every other outbound request is (Nimbus' own sender reads any body whole).
 */
final class BoundedSender implements HTTPRequestSender {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade");

    private final OutboundHttp http;
    private final Duration timeout;

    BoundedSender(OutboundHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
        String body = request.getBody();
        HttpRequest.Builder b = HttpRequest.newBuilder(request.getURI())
                .timeout(timeout)
                .method(
                        request.getMethod().name(),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        request.getHeaderMap().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        OutboundHttp.Answer answer = http.send(b.build());
        HTTPResponse response = new HTTPResponse(answer.status());
        answer.headers().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.setHeader(name, values.toArray(String[]::new));
            }
        });
        response.setContent(answer.body());
        return response;
    }
}
