package dev.latchkey.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.error.ErrorType;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every answer must be: never a 5xx; an error is the JSON envelope ({@code status_code} equal to the HTTP
 * status, a {@code request_id}, an {@code error_type} of the catalogue, a message and its {@code error_url}); a
 * success is the shape of its surface ({@code {request_id, status_code: 200, ...}} on {@code /v1},
 * {@code {"data": ...}} on {@code /sdk/v1}), or the bare document of JWKS, health and metrics.
 */
final class ResponseContract {
    private static final Set<String> ERROR_TYPES =
            Arrays.stream(ErrorType.values()).map(ErrorType::wireName).collect(Collectors.toSet());

    private ResponseContract() {}

    /** Why the answer breaks the contract, or empty if it keeps it. */
    static Optional<String> violation(FuzzRequest request, RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return Optional.of("server error " + status);
        }
        if (request.method().equals("OPTIONS") && status == 204 && answer.body().length == 0) {
            return Optional.empty(); // an allowed CORS preflight
        }
        if (status >= 200 && status < 300 && isBareDocument(request.path())) {
            return status == 200 && answer.body().length > 0
                    ? Optional.empty()
                    : Optional.of("empty " + status + " from " + request.path());
        }
        JsonNode json;
        try {
            json = ValidRequests.JSON.readTree(answer.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return Optional.of("body is not a JSON object: " + status + " " + abbreviate(answer.text()));
        }
        String contentType = answer.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return Optional.of("content type " + contentType + " on " + status);
        }
        if (status == 200) {
            return success(request, json);
        }
        if (status >= 400) {
            return envelope(status, json);
        }
        return Optional.of("unexpected status " + status);
    }

    private static boolean isBareDocument(String path) {
        return path.equals("/healthz")
                || path.equals("/readyz")
                || path.equals("/metrics")
                || path.startsWith("/v1/b2b/sessions/jwks/");
    }

    private static Optional<String> success(FuzzRequest request, JsonNode json) {
        JsonNode payload = json;
        if (request.path().startsWith("/sdk/v1/")) {
            if (json.size() != 1 || !json.has("data")) {
                return Optional.of("SDK success not {data: …}: " + abbreviate(json.toString()));
            }
            payload = json.get("data");
            if (payload.isNull()) {
                return Optional.empty();
            }
        }
        if (!payload.path("request_id").asText("").startsWith("request-id-")
                || payload.path("status_code").asInt() != 200) {
            return Optional.of("success without request_id and status_code 200: " + abbreviate(json.toString()));
        }
        return Optional.empty();
    }

    private static Optional<String> envelope(int status, JsonNode json) {
        String type = json.path("error_type").asText("");
        if (json.path("status_code").asInt() != status) {
            return Optional.of("status_code " + json.path("status_code") + " on a " + status);
        }
        if (!json.path("request_id").asText("").startsWith("request-id-")) {
            return Optional.of("no request_id: " + abbreviate(json.toString()));
        }
        if (!ERROR_TYPES.contains(type)) {
            return Optional.of("error_type not in the catalogue: " + type);
        }
        if (json.path("error_message").asText("").isBlank()) {
            return Optional.of("no error_message: " + abbreviate(json.toString()));
        }
        if (!json.path("error_url").asText("").endsWith("/" + status + "#" + type)) {
            return Optional.of("error_url " + json.path("error_url") + " for " + status + " " + type);
        }
        return Optional.empty();
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
