package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validation of SSO connection fields, with the error types Stytch names (SSO_OAUTH.md §1.1, §1.6). */
final class SsoRules {
    /** SSO_OAUTH.md §1.1. */
    static final Set<String> IDENTITY_PROVIDERS = Set.of(
            "classlink",
            "cyberark",
            "duo",
            "generic",
            "google-workspace",
            "jumpcloud",
            "keycloak",
            "miniorange",
            "microsoft-entra",
            "okta",
            "onelogin",
            "pingfederate",
            "rippling",
            "salesforce",
            "shibboleth");
    /** The keys of a SAML attribute mapping that name member fields; any other is a custom attribute (§1.6). */
    static final String EMAIL = "email";

    static final String FULL_NAME = "full_name";
    static final String FIRST_NAME = "first_name";
    static final String LAST_NAME = "last_name";
    static final String GROUPS = "groups";

    static final int MAX_DISPLAY_NAME = 256;
    static final int MAX_URL = 2048;
    static final int MAX_MAPPING_KEYS = 50;
    static final int MAX_ROLE_ASSIGNMENTS = 50;
    static final int MAX_CERTIFICATES = 5;
    /** Connections of every kind per organization; an organization needs a handful at most (one per IdP). */
    static final int MAX_CONNECTIONS = 50;

    private SsoRules() {}

    /** Refuses a new connection when the organization already has {@value #MAX_CONNECTIONS}. */
    static void roomForOneMore(int connections) {
        if (connections >= MAX_CONNECTIONS) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SSO_CONNECTIONS,
                    "An organization has at most " + MAX_CONNECTIONS + " SSO connections; delete one first.");
        }
    }

    static String displayName(String name) {
        if (name.length() > MAX_DISPLAY_NAME) {
            throw new ApiException(ErrorType.BAD_REQUEST, "display_name must be at most 256 characters.");
        }
        return name;
    }

    /** An identity provider of the enum; {@code generic} when none is given. */
    static String identityProvider(String idp) {
        if (idp == null || idp.isEmpty()) {
            return "generic";
        }
        if (!IDENTITY_PROVIDERS.contains(idp)) {
            throw new ApiException(
                    ErrorType.INVALID_SSO_IDP,
                    "identity_provider must be one of " + String.join(", ", new java.util.TreeSet<>(IDENTITY_PROVIDERS))
                            + ".");
        }
        return idp;
    }

    /**
     * An absolute http(s) URL without fragment, or "" to clear; {@code error} otherwise. Live projects need https
     * when {@code httpsOnly}.
     */
    static String url(String value, String field, ErrorType error, boolean httpsOnly) {
        if (value.isEmpty()) {
            return value;
        }
        URI u;
        try {
            u = value.length() > MAX_URL ? null : URI.create(value);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        boolean ok = u != null
                && u.getHost() != null
                && u.getRawFragment() == null
                && ("https".equals(u.getScheme()) || (!httpsOnly && "http".equals(u.getScheme())));
        if (!ok) {
            throw new ApiException(
                    error, field + " must be an absolute " + (httpsOnly ? "https" : "http(s)") + " URL.");
        }
        return value;
    }

    /**
     * A SAML mapping (SSO_OAUTH.md §1.6): {@code email}, and {@code full_name} or both {@code first_name} and
     * {@code last_name}; {@code groups} when group role assignments exist.
     */
    static void samlMapping(Map<String, String> mapping, Collection<GroupRole> groupRoles) {
        if (mapping.isEmpty()) {
            throw new ApiException(
                    ErrorType.SAML_CONNECTION_ATTRIBUTE_MAPPING_REQUIRED, "attribute_mapping is required.");
        }
        boundedMapping(mapping);
        if (blank(mapping.get(EMAIL))) {
            throw new ApiException(
                    ErrorType.SAML_CONNECTION_EMAIL_MAPPING_REQUIRED,
                    "attribute_mapping must map email (to NameID when the NameID is the email address).");
        }
        if (blank(mapping.get(FULL_NAME)) && (blank(mapping.get(FIRST_NAME)) || blank(mapping.get(LAST_NAME)))) {
            throw new ApiException(
                    ErrorType.SAML_CONNECTION_NAME_MAPPING_REQUIRED,
                    "attribute_mapping must map full_name, or both first_name and last_name.");
        }
        groupsKey(mapping, groupRoles);
    }

    /** Group role assignments read the asserted groups through the mapping's {@code groups} key. */
    static void groupsKey(Map<String, String> mapping, Collection<GroupRole> groupRoles) {
        if (!groupRoles.isEmpty() && blank(mapping.get(GROUPS))) {
            throw new ApiException(
                    ErrorType.SAML_CONNECTION_ATTRIBUTE_MAPPING_MISSING_GROUPS_KEY,
                    "saml_group_implicit_role_assignments need a groups key in attribute_mapping.");
        }
    }

    static void boundedMapping(Map<String, String> mapping) {
        if (mapping.size() > MAX_MAPPING_KEYS) {
            throw new ApiException(ErrorType.BAD_REQUEST, "attribute_mapping may have at most 50 keys.");
        }
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            if (e.getKey().isBlank()
                    || e.getKey().length() > 256
                    || e.getValue().length() > 1024) {
                throw new ApiException(
                        ErrorType.BAD_REQUEST,
                        "attribute_mapping keys must be 1 to 256 characters and values at most 1024.");
            }
        }
    }

    /** Role assignments must name roles of the organization's policy (project roles and its custom roles). */
    static void knownRoles(Set<String> known, List<String> roleIds, List<GroupRole> groupRoles) {
        if (roleIds.size() > MAX_ROLE_ASSIGNMENTS || groupRoles.size() > MAX_ROLE_ASSIGNMENTS) {
            throw new ApiException(ErrorType.BAD_REQUEST, "at most 50 role assignments of each kind.");
        }
        for (String roleId : roleIds) {
            requireKnown(known, roleId);
        }
        for (GroupRole g : groupRoles) {
            requireKnown(known, g.roleId());
            if (g.group().length() > 256) {
                throw new ApiException(ErrorType.BAD_REQUEST, "a group name must be at most 256 characters.");
            }
        }
    }

    private static void requireKnown(Set<String> known, String roleId) {
        if (!known.contains(roleId)) {
            throw new ApiException(ErrorType.INVALID_ROLE, "role_id " + roleId + " is not a role of this project.");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
