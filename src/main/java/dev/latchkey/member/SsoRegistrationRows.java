package dev.latchkey.member;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.store.JsonColumns;
import java.util.ArrayList;
import java.util.List;

/** Reads the SSO registrations a member row carries (a JSON array the member query aggregates). */
final class SsoRegistrationRows {
    private SsoRegistrationRows() {}

    static List<SsoRegistration> read(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        JsonNode rows = JsonColumns.read(json, JsonNode.class);
        List<SsoRegistration> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<String> groups = new ArrayList<>();
            r.path("groups").forEach(g -> groups.add(g.asText()));
            JsonNode attributes = r.get("sso_attributes");
            out.add(new SsoRegistration(
                    r.path("connection_id").asText(),
                    r.path("external_id").asText(),
                    r.path("registration_id").asText(),
                    attributes instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode(),
                    List.copyOf(groups),
                    List.of()));
        }
        return List.copyOf(out);
    }
}
