package dev.latchkey.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ErrorType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches a route (a path with an encoded NUL, bad UTF-8 or an ambiguous
 * {@code %25}, a malformed header): written as the error envelope instead of Jetty's HTML page, so the SDKs can
 * read them like any other error.
 */
public final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String type =
                switch (code) {
                    case 404 -> ErrorType.ROUTE_NOT_FOUND.wireName();
                    case 405 -> ErrorType.METHOD_NOT_ALLOWED.wireName();
                    default ->
                        code >= 500 ? ErrorType.INTERNAL_SERVER_ERROR.wireName() : ErrorType.BAD_REQUEST.wireName();
                };
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("status_code", code);
        out.put("request_id", "request-id-test-" + UUID.randomUUID()); // no project is known this early
        out.put("error_type", type);
        out.put("error_message", code >= 500 ? "An internal error occurred." : "The request is malformed.");
        out.put("error_url", "https://stytch.com/docs/b2b/api/errors/" + code + "#" + type);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
