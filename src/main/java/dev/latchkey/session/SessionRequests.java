package dev.latchkey.session;

import dev.latchkey.http.JsonBody;

/** Reads the session-related request fields every authentication endpoint shares (SPEC §0.1). */
public final class SessionRequests {
    private SessionRequests() {}

    public static SessionOptions options(JsonBody b) {
        return new SessionOptions(b.integer("session_duration_minutes"), b.object("session_custom_claims"));
    }

    /**
     * The body's {@code session_token} / {@code session_jwt}. Routes use {@code ApiCall.session()} instead, which is
     * this on the backend and the Authorization header's session on the SDK (where bodies carry none).
     */
    public static SessionCredentials credentials(JsonBody b) {
        return new SessionCredentials(b.string("session_token"), b.string("session_jwt"));
    }
}
