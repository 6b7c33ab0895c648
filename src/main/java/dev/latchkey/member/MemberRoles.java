package dev.latchkey.member;

import dev.latchkey.organization.EmailImplicitRoleAssignment;
import dev.latchkey.organization.Organization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which roles a member holds and why (RBAC_SCIM_M2M.md §1.6, §1.7): {@code stytch_member} always, the roles assigned
 * explicitly ({@code direct_assignment}), and those its organization grants by email domain
 * ({@code email_assignment}). The one place these rules live: {@code Member.roles}, {@code is_admin}, the session's
 * {@code roles} and the JWT's roles claim all come from here.
 *
 * <p>SSO connection and SSO group roles (sources {@code sso_connection}, {@code sso_connection_group}, SSO_OAUTH.md
 * §1.7) come with the member's SSO registrations ({@link SsoRegistration#roles}, the connection's current assignments
 * and the groups of the member's last login through it). {@link #of} lists them all, as if the member had every SSO
 * factor; {@link #forSession} grants only those of the connections among the session's SSO factors, which is why that
 * method is the session's and not the member's. SCIM group roles are to be added likewise in both.
 */
public final class MemberRoles {
    public static final String DIRECT_ASSIGNMENT = "direct_assignment";
    public static final String EMAIL_ASSIGNMENT = "email_assignment";
    public static final String SSO_CONNECTION = "sso_connection";
    public static final String SSO_CONNECTION_GROUP = "sso_connection_group";

    private MemberRoles() {}

    /** A role the member holds and every reason it does. */
    public record Held(String roleId, List<Source> sources) {}

    /** Why a member holds a role: {@code {type, details}}; {@code direct_assignment} has empty details. */
    public record Source(String type, Map<String, Object> details) {}

    /**
     * Every role of the member with its sources, each role once, {@code stytch_member} first, then explicit roles in
     * assignment order, then implicit ones in the organization's order. {@code stytch_member} shows as a
     * {@code direct_assignment}, as Stytch shows it.
     */
    public static List<Held> of(Member member, Organization org) {
        return of(member, org, null);
    }

    /** As {@link #of}, with the SSO roles of only the given connections ({@code null}: of every connection). */
    private static List<Held> of(Member member, Organization org, Collection<String> ssoConnections) {
        Map<String, List<Source>> roles = new LinkedHashMap<>();
        Source direct = new Source(DIRECT_ASSIGNMENT, Map.of());
        add(roles, Member.ROLE_MEMBER, direct);
        for (String r : member.roles()) {
            add(roles, r, direct);
        }
        String domain = domainOf(member.email());
        for (EmailImplicitRoleAssignment a : org.settings().rbacEmailImplicitRoleAssignments()) {
            if (a.domain().equals(domain)) {
                add(roles, a.roleId(), new Source(EMAIL_ASSIGNMENT, Map.of("email_domain", a.domain())));
            }
        }
        for (SsoRegistration r : member.ssoRegistrations()) {
            if (ssoConnections == null || ssoConnections.contains(r.connectionId())) {
                for (Held h : r.roles()) {
                    h.sources().forEach(source -> add(roles, h.roleId(), source));
                }
            }
        }
        List<Held> out = new ArrayList<>();
        roles.forEach((id, sources) -> out.add(new Held(id, List.copyOf(sources))));
        return out;
    }

    /**
     * The role ids a session of this member carries: {@code stytch_member}, explicit and email-domain roles, and the
     * SSO roles of the connections the session holds an SSO factor from ({@code ssoConnections}, §1.7).
     */
    public static List<String> forSession(Member member, Organization org, Collection<String> ssoConnections) {
        return of(member, org, ssoConnections).stream().map(Held::roleId).toList();
    }

    /** The role ids of a session without SSO factors. */
    public static List<String> forSession(Member member, Organization org) {
        return forSession(member, org, List.of());
    }

    /** {@code is_admin}: the member holds {@code stytch_admin} by a source that needs no SSO factor. */
    public static boolean isAdmin(Member member, Organization org) {
        return forSession(member, org).contains(Member.ROLE_ADMIN);
    }

    /**
     * The roles an SSO connection grants a member who logged in through it with {@code groups} (§1.7): the
     * connection's implicit roles ({@code sso_connection}) and the roles of its groups the member is in
     * ({@code sso_connection_group}).
     */
    public static List<Held> ofSsoConnection(
            String connectionId,
            List<String> connectionRoleIds,
            Map<String, List<String>> groupRoleIds,
            List<String> groups) {
        Map<String, List<Source>> roles = new LinkedHashMap<>();
        for (String roleId : connectionRoleIds) {
            add(roles, roleId, new Source(SSO_CONNECTION, Map.of("connection_id", connectionId)));
        }
        groupRoleIds.forEach((group, roleIds) -> {
            if (groups.contains(group)) {
                for (String roleId : roleIds) {
                    add(
                            roles,
                            roleId,
                            new Source(SSO_CONNECTION_GROUP, Map.of("connection_id", connectionId, "group", group)));
                }
            }
        });
        List<Held> out = new ArrayList<>();
        roles.forEach((id, sources) -> out.add(new Held(id, List.copyOf(sources))));
        return List.copyOf(out);
    }

    private static void add(Map<String, List<Source>> roles, String roleId, Source source) {
        List<Source> sources = roles.computeIfAbsent(roleId, k -> new ArrayList<>());
        if (!sources.contains(source)) {
            sources.add(source);
        }
    }

    private static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1);
    }
}
