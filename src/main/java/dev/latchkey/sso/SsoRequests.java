package dev.latchkey.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.JsonBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads SSO connection requests from a body; shapes only; the rules are {@link SsoRules}'. */
final class SsoRequests {
    private SsoRequests() {}

    static SamlUpdate samlUpdate(JsonBody b) {
        return new SamlUpdate(
                b.string("display_name"),
                b.string("identity_provider"),
                b.string("idp_entity_id"),
                b.string("idp_sso_url"),
                attributeMapping(b),
                b.string("x509_certificate"),
                roleIds(b, "saml_connection_implicit_role_assignments"),
                groupRoles(b, "saml_group_implicit_role_assignments"),
                b.string("alternative_audience_uri"),
                b.string("alternative_acs_url"),
                b.string("signing_private_key"),
                b.string("nameid_format"),
                b.bool("idp_initiated_auth_disabled"),
                b.string("saml_encryption_private_key"),
                b.bool("allow_gateway_callback"));
    }

    static OidcUpdate oidcUpdate(JsonBody b) {
        return new OidcUpdate(
                b.string("display_name"),
                b.string("identity_provider"),
                b.string("client_id"),
                b.string("client_secret"),
                b.string("issuer"),
                b.string("authorization_url"),
                b.string("token_url"),
                b.string("userinfo_url"),
                b.string("jwks_url"),
                b.string("custom_scopes"),
                attributeMapping(b));
    }

    /**
     * {@code {stytch_key: idp_attribute_name}}, flat: a nested value is
     * {@code saml_connection_no_nested_keys_in_attribute_mapping} (SSO_OAUTH.md §1.6). Null when absent.
     */
    static Map<String, String> attributeMapping(JsonBody b) {
        ObjectNode o = b.object("attribute_mapping");
        if (o == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!e.getValue().isTextual()) {
                throw new ApiException(
                        ErrorType.SAML_CONNECTION_NO_NESTED_KEYS_IN_ATTRIBUTE_MAPPING,
                        "attribute_mapping must map each key to one attribute name (a string); '" + e.getKey()
                                + "' does not.");
            }
            out.put(e.getKey(), JsonBody.requireStorable(e.getValue().textValue()));
        }
        return out;
    }

    /** {@code [{role_id}]} as role ids; null when absent. */
    static List<String> roleIds(JsonBody b, String field) {
        List<ObjectNode> items = b.objectList(field);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (ObjectNode item : items) {
            out.add(text(item, "role_id", field));
        }
        return out;
    }

    /** {@code [{role_id, group}]}; null when absent. */
    static List<GroupRole> groupRoles(JsonBody b, String field) {
        List<ObjectNode> items = b.objectList(field);
        if (items == null) {
            return null;
        }
        List<GroupRole> out = new ArrayList<>();
        for (ObjectNode item : items) {
            out.add(new GroupRole(text(item, "role_id", field), text(item, "group", field)));
        }
        return out;
    }

    private static String text(ObjectNode item, String key, String field) {
        JsonNode v = item.get(key);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new ApiException(ErrorType.BAD_REQUEST, "each item of " + field + " needs a " + key + ".");
        }
        return JsonBody.requireStorable(v.textValue());
    }
}
