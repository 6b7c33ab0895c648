package dev.latchkey.organization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.JsonBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads organization fields from a request body; shared by create, update and discovery's create. */
public final class OrganizationRequests {
    /** Largest trusted_metadata accepted, as serialised JSON. */
    public static final int MAX_METADATA_BYTES = 4096;

    private OrganizationRequests() {}

    public static OrganizationChanges changes(JsonBody b) {
        return new OrganizationChanges(
                b.string("organization_name"),
                b.string("organization_slug"),
                b.string("organization_logo_url"),
                metadata(b, "trusted_metadata"),
                b.string("organization_external_id"),
                b.string("sso_default_connection_id"),
                b.string("sso_jit_provisioning"),
                b.stringList("sso_jit_provisioning_allowed_connections"),
                domains(b.stringList("email_allowed_domains")),
                b.string("email_jit_provisioning"),
                b.string("email_invites"),
                b.string("auth_methods"),
                b.stringList("allowed_auth_methods"),
                b.string("mfa_policy"),
                b.string("mfa_methods"),
                b.stringList("allowed_mfa_methods"),
                roleAssignments(b),
                b.string("oauth_tenant_jit_provisioning"),
                oauthTenants(b),
                domains(b.stringList("claimed_email_domains")),
                b.string("first_party_connected_apps_allowed_type"),
                b.stringList("allowed_first_party_connected_apps"),
                b.string("third_party_connected_apps_allowed_type"),
                b.stringList("allowed_third_party_connected_apps"));
    }

    /** A metadata object, bounded in size ({@code metadata_too_large}). */
    public static ObjectNode metadata(JsonBody b, String field) {
        ObjectNode m = b.object(field);
        if (m != null && m.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw new ApiException(ErrorType.METADATA_TOO_LARGE, field + " must be at most 4 KB of JSON.");
        }
        return m;
    }

    public static SearchQuery query(JsonBody b) {
        ObjectNode q = b.object("query");
        if (q == null) {
            return SearchQuery.ALL;
        }
        JsonNode operator = q.get("operator");
        boolean or;
        if (operator == null || operator.isNull()) {
            or = false;
        } else if (operator.isTextual() && operator.textValue().equalsIgnoreCase("OR")) {
            or = true;
        } else if (operator.isTextual() && operator.textValue().equalsIgnoreCase("AND")) {
            or = false;
        } else {
            throw new ApiException(ErrorType.BAD_REQUEST, "query.operator must be AND or OR.");
        }
        JsonNode operands = q.get("operands");
        List<SearchOperand> out = new ArrayList<>();
        if (operands != null && !operands.isNull()) {
            if (!operands.isArray()) {
                throw new ApiException(ErrorType.BAD_REQUEST, "query.operands must be an array.");
            }
            for (JsonNode op : operands) {
                if (!op.isObject()) {
                    throw new ApiException(ErrorType.BAD_REQUEST, "query.operands must be an array of objects.");
                }
                JsonNode name = op.get("filter_name");
                out.add(new SearchOperand(
                        name != null && name.isTextual() ? name.textValue() : null, op.get("filter_value")));
            }
        }
        return new SearchQuery(or, out);
    }

    /** Page size: default 100, 1..1000. */
    public static int limit(JsonBody b) {
        Integer limit = b.integer("limit");
        if (limit == null || limit == 0) {
            return 100;
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiException(ErrorType.BAD_REQUEST, "limit must be between 1 and 1000.");
        }
        return limit;
    }

    private static List<String> domains(List<String> domains) {
        return domains == null
                ? null
                : domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).toList();
    }

    private static List<EmailImplicitRoleAssignment> roleAssignments(JsonBody b) {
        List<ObjectNode> items = b.objectList("rbac_email_implicit_role_assignments");
        if (items == null) {
            return null;
        }
        List<EmailImplicitRoleAssignment> out = new ArrayList<>();
        for (ObjectNode item : items) {
            JsonNode domain = item.get("domain");
            JsonNode role = item.get("role_id");
            if (domain == null || !domain.isTextual() || role == null || !role.isTextual()) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST,
                        "rbac_email_implicit_role_assignments items need a domain and a role_id.");
            }
            out.add(new EmailImplicitRoleAssignment(domain.textValue().toLowerCase(Locale.ROOT), role.textValue()));
        }
        return out;
    }

    private static Map<String, List<String>> oauthTenants(JsonBody b) {
        ObjectNode tenants = b.object("allowed_oauth_tenants");
        if (tenants == null) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : tenants.properties()) {
            if (!List.of("slack", "hubspot", "github").contains(e.getKey())) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST, "allowed_oauth_tenants keys must be slack, hubspot or github.");
            }
            List<String> ids = new ArrayList<>();
            if (!e.getValue().isArray()) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST, "allowed_oauth_tenants values must be arrays of strings.");
            }
            for (JsonNode id : e.getValue()) {
                if (!id.isTextual()) {
                    throw new ApiException(
                            ErrorType.BAD_REQUEST, "allowed_oauth_tenants values must be arrays of strings.");
                }
                ids.add(id.textValue());
            }
            out.put(e.getKey(), List.copyOf(ids));
        }
        return out;
    }
}
