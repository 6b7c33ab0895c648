package dev.latchkey.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.rbac.Policy.Permission;
import dev.latchkey.rbac.Policy.PolicyResource;
import dev.latchkey.rbac.Policy.PolicyRole;
import dev.latchkey.rbac.Policy.PolicyScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads a policy document in the shape {@code GET /v1/b2b/rbac/policy} returns: {@code {roles, resources, scopes}},
 * or that whole response ({@code {policy: {...}, request_id, status_code}}), so a policy read from one server can be
 * set on another as it is. Only the shape is checked here, each error naming where it is
 * ({@code roles[1].permissions[0].actions}); the rules are {@link PolicyRules}'. A field the shape does not have is
 * refused rather than ignored: a policy file is written by hand, and a misspelt key would silently grant nothing.
 */
public final class PolicyDocument {
    private static final Set<String> ROOT = Set.of("roles", "resources", "scopes");
    private static final Set<String> RESPONSE = Set.of("policy", "request_id", "status_code");
    private static final Set<String> ROLE = Set.of("role_id", "description", "permissions");
    private static final Set<String> PERMISSION = Set.of("resource_id", "actions");
    private static final Set<String> RESOURCE = Set.of("resource_id", "description", "actions");
    private static final Set<String> SCOPE = Set.of("scope", "description", "permissions");

    private PolicyDocument() {}

    /** The policy the document describes; {@code bad_request} naming the first field of the wrong shape. */
    public static Policy parse(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw shape("the policy must be a JSON object {roles, resources, scopes}");
        }
        JsonNode root = document;
        if (document.has("policy")) {
            fields(document, RESPONSE, "the document");
            root = document.get("policy");
            if (!root.isObject()) {
                throw shape("policy must be an object {roles, resources, scopes}");
            }
        }
        fields(root, ROOT, "the policy");
        return new Policy(
                list(root, "roles", "roles", PolicyDocument::role),
                list(root, "resources", "resources", PolicyDocument::resource),
                list(root, "scopes", "scopes", PolicyDocument::scope));
    }

    /** The roles of an {@code org_policy} ({@code {roles: [...]}}); same errors as {@link #parse}. */
    public static List<PolicyRole> orgRoles(JsonNode orgPolicy) {
        if (orgPolicy == null || orgPolicy.isNull()) {
            throw shape("org_policy is required");
        }
        if (!orgPolicy.isObject()) {
            throw shape("org_policy must be an object {roles}");
        }
        fields(orgPolicy, Set.of("roles"), "org_policy");
        return list(orgPolicy, "roles", "org_policy.roles", PolicyDocument::role);
    }

    static PolicyRole role(JsonNode n, String at) {
        object(n, at, ROLE);
        return new PolicyRole(
                string(n, "role_id", at),
                optionalString(n, "description", at),
                list(n, "permissions", at + ".permissions", PolicyDocument::permission));
    }

    private static Permission permission(JsonNode n, String at) {
        object(n, at, PERMISSION);
        return new Permission(string(n, "resource_id", at), strings(n, "actions", at));
    }

    private static PolicyResource resource(JsonNode n, String at) {
        object(n, at, RESOURCE);
        return new PolicyResource(
                string(n, "resource_id", at), optionalString(n, "description", at), strings(n, "actions", at));
    }

    private static PolicyScope scope(JsonNode n, String at) {
        object(n, at, SCOPE);
        return new PolicyScope(
                string(n, "scope", at),
                optionalString(n, "description", at),
                list(n, "permissions", at + ".permissions", PolicyDocument::permission));
    }

    private static <T> List<T> list(JsonNode parent, String field, String at, BiFunction<JsonNode, String, T> item) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw shape(at + " must be an array");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(item.apply(n.get(i), at + "[" + i + "]"));
        }
        return out;
    }

    private static List<String> strings(JsonNode parent, String field, String at) {
        return list(parent, field, at + "." + field, (n, where) -> {
            if (!n.isTextual()) {
                throw shape(where + " must be a string");
            }
            return n.textValue();
        });
    }

    private static String string(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw shape(at + "." + field + " must be a string");
        }
        return v.textValue();
    }

    private static String optionalString(JsonNode n, String field, String at) {
        return string(n, field, at);
    }

    private static void object(JsonNode n, String at, Set<String> allowed) {
        if (!n.isObject()) {
            throw shape(at + " must be an object");
        }
        fields(n, allowed, at);
    }

    private static void fields(JsonNode n, Set<String> allowed, String at) {
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw shape(at + " has an unknown field '" + name + "' (expected " + String.join(", ", sorted(allowed))
                        + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static ApiException shape(String message) {
        return new ApiException(ErrorType.BAD_REQUEST, message + ".");
    }
}
