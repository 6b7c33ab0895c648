package dev.latchkey.member;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.store.JsonColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the SSO registrations a member row carries: a JSON array the member query aggregates, each with its
 * connection's current role assignments ({@code [{role_id}]}, {@code [{role_id, group}]}), so a role an admin takes off
 * a connection is gone from its members at once. Registrations of a deleted connection are not listed.
 */
final class SsoRegistrationRows {
    private SsoRegistrationRows() {}

    static List<SsoRegistration> read(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        JsonNode rows = JsonColumns.read(json, JsonNode.class);
        List<SsoRegistration> out = new ArrayList<>();
        for (JsonNode r : rows) {
            String connectionId = r.path("connection_id").asText();
            List<String> groups = new ArrayList<>();
            r.path("groups").forEach(g -> groups.add(g.asText()));
            List<String> connectionRoles = new ArrayList<>();
            r.path("connection_roles")
                    .forEach(a -> connectionRoles.add(a.path("role_id").asText()));
            Map<String, List<String>> groupRoles = new LinkedHashMap<>();
            r.path("group_roles").forEach(a -> groupRoles
                    .computeIfAbsent(a.path("group").asText(), k -> new ArrayList<>())
                    .add(a.path("role_id").asText()));
            JsonNode attributes = r.get("sso_attributes");
            out.add(new SsoRegistration(
                    connectionId,
                    r.path("external_id").asText(),
                    r.path("registration_id").asText(),
                    attributes instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode(),
                    List.copyOf(groups),
                    MemberRoles.ofSsoConnection(connectionId, connectionRoles, groupRoles, groups)));
        }
        return List.copyOf(out);
    }
}
