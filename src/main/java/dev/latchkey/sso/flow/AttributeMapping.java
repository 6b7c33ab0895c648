package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.EmailAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a connection's {@code attribute_mapping} ({@code {stytch_key: idp_attribute}}, SSO_OAUTH.md §1.6) to what
 * the IdP sent. The keys {@code email}, {@code first_name}, {@code last_name}, {@code full_name} and {@code groups}
 * are Latchkey's; every other key is a custom attribute copied into trusted_metadata.
 */
final class AttributeMapping {
    /** The mapping target that means "the SAML NameID" (Stytch's documented spelling), compared ignoring case. */
    static final String NAME_ID = "NameID";

    /** An OIDC connection without a mapping reads the standard claims (OpenID Connect Core §5.1). */
    static final Map<String, String> OIDC_DEFAULT = Map.of(
            "email", "email",
            "full_name", "name",
            "first_name", "given_name",
            "last_name", "family_name",
            "groups", "groups");

    private static final Set<String> RESERVED = Set.of("email", "first_name", "last_name", "full_name", "groups");

    private AttributeMapping() {}

    /**
     * The identity of a SAML login: {@code attributes} holds each attribute's values (one value as a string, several
     * as an array). The email is the mapped attribute, or the NameID when the mapping names none and the NameID is an
     * address. Raises {@code invalid_saml_response_email}.
     */
    static SsoIdentity saml(Map<String, String> mapping, String nameId, ObjectNode attributes) {
        Map<String, String> m = mapping == null ? Map.of() : mapping;
        String email = text(attributes, nameId, m.get("email"));
        if (email == null && m.get("email") == null) {
            email = nameId;
        }
        String address = address(email, ErrorType.INVALID_SAML_RESPONSE_EMAIL, "The SAML response");
        return identity(m, nameId, address, attributes, nameId);
    }

    /**
     * The identity of an OIDC login from its claims (ID token and userinfo merged). An {@code email_verified} of
     * false is refused: an unverified address must not reach an existing member's account. Raises
     * {@code oidc_response_subject_missing}, {@code oidc_response_email_missing},
     * {@code oidc_response_unverified_email}.
     */
    static SsoIdentity oidc(Map<String, String> mapping, ObjectNode claims) {
        Map<String, String> m = mapping == null || mapping.isEmpty() ? OIDC_DEFAULT : mapping;
        String sub = claims.path("sub").asText("");
        if (sub.isEmpty()) {
            throw new ApiException(ErrorType.OIDC_RESPONSE_SUBJECT_MISSING, "The IdP's ID token has no sub claim.");
        }
        String email = text(claims, null, m.getOrDefault("email", "email"));
        if (email == null || email.isBlank()) {
            throw new ApiException(
                    ErrorType.OIDC_RESPONSE_EMAIL_MISSING, "The IdP sent no email address for this user.");
        }
        JsonNode verified = claims.get("email_verified");
        if (verified != null && (verified.isBoolean() ? !verified.asBoolean() : "false".equals(verified.asText()))) {
            throw new ApiException(
                    ErrorType.OIDC_RESPONSE_UNVERIFIED_EMAIL,
                    "The IdP says this user's email address is not verified.");
        }
        String address = address(email, ErrorType.OIDC_RESPONSE_EMAIL_MISSING, "The IdP's response");
        return identity(m, null, address, claims, sub);
    }

    private static SsoIdentity identity(
            Map<String, String> m, String nameId, String address, ObjectNode attributes, String externalId) {
        String full = text(attributes, nameId, m.get("full_name"));
        String first = text(attributes, nameId, m.get("first_name"));
        String last = text(attributes, nameId, m.get("last_name"));
        String name = full != null && !full.isBlank()
                ? full.trim()
                : String.join(" ", nonBlank(first, last)).trim();
        List<String> groups = new ArrayList<>();
        String groupsKey = m.get("groups");
        if (groupsKey != null) {
            JsonNode g = attributes.get(groupsKey);
            if (g != null && g.isArray()) {
                g.forEach(v -> groups.add(v.asText()));
            } else if (g != null && !g.isNull()) {
                groups.add(g.asText());
            }
        }
        ObjectNode custom = JsonNodeFactory.instance.objectNode();
        m.forEach((key, attribute) -> {
            if (!RESERVED.contains(key)) {
                JsonNode v = isNameId(attribute) && nameId != null
                        ? JsonNodeFactory.instance.textNode(nameId)
                        : attributes.get(attribute);
                if (v != null && !v.isNull()) {
                    custom.set(key, v.deepCopy());
                }
            }
        });
        return new SsoIdentity(externalId, address, name, List.copyOf(groups), custom, attributes.deepCopy());
    }

    /** The first value of the attribute a key maps to, or null. */
    private static String text(ObjectNode attributes, String nameId, String attribute) {
        if (attribute == null) {
            return null;
        }
        if (nameId != null && isNameId(attribute)) {
            return nameId;
        }
        JsonNode v = attributes.get(attribute);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            return v.isEmpty() ? null : v.get(0).asText();
        }
        return v.isValueNode() ? v.asText() : null;
    }

    private static boolean isNameId(String attribute) {
        return attribute.toLowerCase(Locale.ROOT).equals(NAME_ID.toLowerCase(Locale.ROOT));
    }

    private static List<String> nonBlank(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static String address(String email, ErrorType type, String what) {
        if (email == null || email.isBlank()) {
            throw new ApiException(type, what + " carries no email address for the mapped attribute.");
        }
        try {
            return EmailAddresses.normalize(email);
        } catch (ApiException e) {
            throw new ApiException(type, what + " carries an email attribute that is not an address.");
        }
    }
}
