package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Who the IdP says logged in, after the connection's attribute mapping (SSO_OAUTH.md §1.6).
 *
 * @param externalId the IdP's subject: the SAML NameID, the OIDC {@code sub}
 * @param email the mapped address, normalized
 * @param name the mapped full name, or first and last name joined; "" when none was mapped
 * @param groups the mapped {@code groups} values
 * @param custom the values of the mapping's custom keys, merged into the member's trusted_metadata
 * @param raw every attribute (claim) the IdP sent, kept as the registration's {@code sso_attributes}
 */
record SsoIdentity(
        String externalId, String email, String name, List<String> groups, ObjectNode custom, ObjectNode raw) {}
