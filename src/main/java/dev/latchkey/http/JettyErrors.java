package dev.latchkey.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (a NUL or malformed escape in the URI, headers or a
 * URI too large, a request shed by the {@link EdgeHandlers} queue or refused while shutting down): written as the same
 * JSON envelope, since the SDKs cannot parse Jetty's HTML error page.
 */
final class JettyErrors extends ErrorHandler {
    /** Seconds a client should wait before retrying a request shed for overload or shutdown. */
    static final String RETRY_AFTER_SECONDS = "1";

    /**
     * Every method gets the envelope: Jetty's default writes a body only for GET, POST and HEAD, so PUT, DELETE,
     * PATCH and OPTIONS with a malformed URI got a bare 400 (issue 11).
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        int status = code >= 400 && code <= 599 ? code : 500;
        String text = messageFor(status);
        if (status == 503 || status == 429) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        byte[] body;
        try {
            body = Json.mapper()
                    .writeValueAsBytes(
                            Envelope.errorBody(status, Envelope.newRequestId(), HttpErrors.errorTypeFor(status), text));
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String messageFor(int status) {
        return switch (status) {
            case 413 -> "Request body is too large.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            case 429, 503 -> "The server is busy or shutting down; retry shortly.";
            default -> status >= 500 ? "An internal error occurred." : "The request could not be understood.";
        };
    }
}
