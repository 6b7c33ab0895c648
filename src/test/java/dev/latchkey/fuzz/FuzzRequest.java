package dev.latchkey.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated request, kept as the raw parts a socket sends: the request target is not parsed or re-encoded, so
 * malformed percent-escapes and odd bytes reach the server as generated.
 *
 * @param route the route template it was derived from ({@code POST /v1/b2b/...}), for the report
 * @param mutation what was done to the valid request, for the report and the failure message
 * @param body null for no body at all (no Content-Length)
 */
record FuzzRequest(
        String route, String mutation, String method, String target, Map<String, String> headers, byte[] body) {

    FuzzRequest {
        headers = new LinkedHashMap<>(headers);
    }

    /** The path without the query, as the server routes it. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    FuzzRequest withMutation(String what) {
        return new FuzzRequest(route, mutation.isEmpty() ? what : mutation + "+" + what, method, target, headers, body);
    }

    FuzzRequest withTarget(String newTarget) {
        return new FuzzRequest(route, mutation, method, newTarget, headers, body);
    }

    FuzzRequest withMethod(String newMethod) {
        return new FuzzRequest(route, mutation, newMethod, target, headers, body);
    }

    FuzzRequest withBody(byte[] newBody) {
        return new FuzzRequest(route, mutation, method, target, headers, newBody);
    }

    FuzzRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) {
            h.remove(name);
        } else {
            h.put(name, value);
        }
        return new FuzzRequest(route, mutation, method, target, h, body);
    }

    /** A short description for a failure message: the body cut to a readable length. */
    String describe() {
        String text = body == null ? "<none>" : new String(body, StandardCharsets.UTF_8);
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…(" + body.length + " bytes)";
        }
        String shownTarget = target.length() > 200 ? target.substring(0, 200) + "…" : target;
        return method + " " + shownTarget + " [" + mutation + "] headers=" + headers + " body=" + text;
    }
}
