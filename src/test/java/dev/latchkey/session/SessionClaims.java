package dev.latchkey.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Session and organization claims shaped as SPEC §5.1 describes, as the session feature will pass them. */
final class SessionClaims {
    static final String ORGANIZATION_ID = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
    static final String SLUG = "acme";

    private SessionClaims() {}

    static Map<String, Object> session(String memberSessionId, Instant startedAt) {
        String started = startedAt.toString();
        return Map.of(
                "id", memberSessionId,
                "started_at", started,
                "last_accessed_at", started,
                "expires_at", startedAt.plusSeconds(3600).toString(),
                "attributes", Map.of("ip_address", "", "user_agent", ""),
                "authentication_factors",
                        List.of(Map.of(
                                "type", "password",
                                "delivery_method", "knowledge",
                                "last_authenticated_at", started)),
                "roles", List.of("stytch_member"));
    }

    static Map<String, Object> organization() {
        return Map.of("organization_id", ORGANIZATION_ID, "slug", SLUG);
    }
}
