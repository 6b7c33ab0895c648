package dev.latchkey.member;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A member's identity at one SSO connection ({@code member.sso_registrations[]}, SSO_OAUTH.md §1.1): the IdP's subject
 * (SAML NameID, OIDC {@code sub}), the raw attributes of the last login, and the groups that login asserted, from
 * which the connection's group roles are granted (§1.7). Written by the SSO sign-in (dev.latchkey.sso.flow).
 *
 * @param roles the roles the connection grants this registration, with their sources (not on the wire here: they
 *     show in {@code member.roles})
 */
public record SsoRegistration(
        String connectionId,
        String externalId,
        String registrationId,
        ObjectNode ssoAttributes,
        @JsonIgnore List<String> groups,
        @JsonIgnore List<MemberRoles.Held> roles) {}
