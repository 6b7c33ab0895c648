package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import java.util.List;

/**
 * What a browser may put in an {@code /sdk/v1} body. The public token is public, so anything a browser sends is
 * what any visitor of the page could send: fields that grant privileges (trusted metadata, roles, custom session
 * claims) are for backends only, and a browser's session may last at most the project's limit.
 */
public final class SdkBodies {
    /** Refused on every SDK route (docs/compatibility.md): a backend sets these with the project secret. */
    static final List<String> BACKEND_ONLY = List.of("trusted_metadata", "roles", "session_custom_claims");

    /**
     * Refused on routes with an RBAC gate, where {@code roles} is allowed: the gate asks the caller's roles for
     * {@code stytch.member update.settings.roles} before the endpoint sees it.
     */
    static final List<String> GATED_BACKEND_ONLY = List.of("trusted_metadata", "session_custom_claims");

    private SdkBodies() {}

    /**
     * The body as an endpoint may see it: a backend-only field given with a value is refused
     * ({@code cannot_update_trusted_metadata} for trusted metadata, {@code invalid_request_value} for the others),
     * and a {@code session_duration_minutes} above the project's SDK limit is lowered to it, so the browser still
     * logs in and the answer's {@code expires_at} shows the session it got.
     */
    static JsonBody screen(JsonBody body, Project project, Gate gate) {
        refuse(body, gate.isGated() ? GATED_BACKEND_ONLY : BACKEND_ONLY);
        Integer minutes = integerOrNull(body);
        int max = project.sessionLimits().sdkMaxDurationMinutes();
        return minutes != null && minutes > max ? body.with("session_duration_minutes", max) : body;
    }

    /**
     * Refuses the first of {@code fields} the body gives a value, as a field only a backend may set: for a route
     * whose backend twin takes more than the browser SDK sends.
     */
    public static void refuse(JsonBody body, List<String> fields) {
        for (String field : fields) {
            if (body.has(field)) {
                throw backendOnly(field);
            }
        }
    }

    private static ApiException backendOnly(String field) {
        String why = field + " can be set only by a backend (/v1 with the project secret), not from the browser.";
        return field.equals("trusted_metadata")
                ? new ApiException(ErrorType.CANNOT_UPDATE_TRUSTED_METADATA, why)
                : new ApiException(ErrorType.INVALID_REQUEST_VALUE, why);
    }

    /** The duration if it is an integer; a malformed one is left for the endpoint to refuse as usual. */
    private static Integer integerOrNull(JsonBody body) {
        try {
            return body.integer("session_duration_minutes");
        } catch (ApiException malformed) {
            return null;
        }
    }
}
