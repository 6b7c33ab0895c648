package dev.latchkey.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (e.g. a NUL or malformed escape in the URI):
 * written as the same JSON envelope, since the SDKs cannot parse Jetty's HTML error page.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        int status = code >= 400 && code <= 599 ? code : 500;
        String text = status >= 500 ? "An internal error occurred." : "The request could not be understood.";
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
}
