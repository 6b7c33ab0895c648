package dev.latchkey.session;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code session_duration_minutes} and {@code session_custom_claims} of a request (SPEC §0.1 SESSION_OPTS). */
public record SessionOptions(Integer durationMinutes, ObjectNode customClaims) {
    public static final SessionOptions NONE = new SessionOptions(null, null);
}
