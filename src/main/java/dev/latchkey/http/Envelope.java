package dev.latchkey.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes every response body: {@code request_id} and {@code status_code} first, then the payload
 * (SPEC §0 "Envelope"), wrapped in {@code {"data": …}} on {@code /sdk/v1}; errors, on both, flat as {@code {status_code, request_id, error_type, error_message, error_url}}.
 */
public final class Envelope {
    static final String PROJECT_ATTRIBUTE = "latchkey.project";
    private static final String REQUEST_ID_ATTRIBUTE = "latchkey.request-id";

    private Envelope() {}

    /** The request id of this request, {@code request-id-<env>-<uuid>}, made once. */
    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID_ATTRIBUTE);
        if (id == null) {
            Project p = ctx.attribute(PROJECT_ATTRIBUTE);
            id = p == null ? newRequestId() : "request-id-" + p.environment().segment() + "-" + UUID.randomUUID();
            ctx.attribute(REQUEST_ID_ATTRIBUTE, id);
        }
        return id;
    }

    /**
     * Names the project a public (unauthenticated) route answers for, so its request id carries the project's
     * environment as on authenticated routes.
     */
    public static void forProject(Context ctx, Project project) {
        ctx.attribute(PROJECT_ATTRIBUTE, project);
    }

    public static void success(Context ctx, Object payload) {
        ctx.status(200).contentType("application/json").result(payloadBytes(ctx, payload, "", ""));
    }

    /**
     * A browser-SDK success: the same payload, {@code request_id} and {@code status_code} included, under
     * {@code data} (SDK.md §3: the SDK returns {@code body.data}). Nothing else is at the top level.
     */
    public static void sdkSuccess(Context ctx, Object payload) {
        ctx.status(200).contentType("application/json").result(payloadBytes(ctx, payload, "{\"data\":", "}"));
    }

    /**
     * {@code prefix {"request_id":…,"status_code":200, <the payload's fields>} suffix}. The payload is serialised
     * once, straight to bytes, and the two envelope fields are written before its first field (no tree is built:
     * this is every successful response's fixed cost). A payload must serialise to a JSON object without fields of
     * those two names.
     */
    private static byte[] payloadBytes(Context ctx, Object payload, String prefix, String suffix) {
        byte[] fields;
        try {
            fields = payload == null ? EMPTY_OBJECT : Json.mapper().writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialised", e);
        }
        if (fields.length < 2 || fields[0] != '{') {
            throw new IllegalStateException("a response payload must be a JSON object");
        }
        boolean empty = fields.length == 2;
        byte[] head = (prefix + "{\"request_id\":\"" + requestId(ctx) + "\",\"status_code\":200" + (empty ? "" : ","))
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + fields.length - 1 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        if (empty) {
            out[head.length] = '}';
        } else {
            System.arraycopy(fields, 1, out, head.length, fields.length - 1);
        }
        System.arraycopy(tail, 0, out, out.length - tail.length, tail.length);
        return out;
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    public static void error(Context ctx, ErrorType type, String message) {
        error(ctx, type.status(), type.wireName(), message);
    }

    public static void error(Context ctx, int status, String errorType, String message) {
        write(ctx, status, errorBody(status, requestId(ctx), errorType, message));
    }

    /** The error envelope itself, also written by Jetty for requests rejected before they reach a route. */
    static ObjectNode errorBody(int status, String requestId, String errorType, String message) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("status_code", status);
        out.put("request_id", requestId);
        out.put("error_type", errorType);
        out.put("error_message", message);
        out.put("error_url", "https://stytch.com/docs/b2b/api/errors/" + status + "#" + errorType);
        return out;
    }

    /** A request id for a request that never reached a route (no project known, so "test"). */
    static String newRequestId() {
        return "request-id-test-" + UUID.randomUUID();
    }

    /** A bare JSON body without the envelope fields (for the JWKS document and health checks). */
    public static void raw(Context ctx, int status, Object body) {
        write(ctx, status, Json.mapper().valueToTree(body));
    }

    private static void write(Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .result(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialised", e);
        }
    }
}
