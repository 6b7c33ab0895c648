package dev.latchkey.member;

import dev.latchkey.organization.EmailImplicitRoleAssignment;
import dev.latchkey.organization.Organization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which roles a member holds and why (RBAC_SCIM_M2M.md §1.6, §1.7): {@code stytch_member} always, the roles assigned
 * explicitly ({@code direct_assignment}), and those its organization grants by email domain
 * ({@code email_assignment}). The one place these rules live: {@code Member.roles}, {@code is_admin}, the session's
 * {@code roles} and the JWT's roles claim all come from here.
 *
 * <p>SSO connection and SSO group roles (sources {@code sso_connection}, {@code sso_connection_group}) are to be
 * added by the SSO work: in {@link #of} as if the member had every SSO factor, and in {@link #forSession} only for
 * the connections among the session's factors (§1.7), which is why that method is the session's and not the
 * member's. SCIM group roles likewise in both.
 */
public final class MemberRoles {
    public static final String DIRECT_ASSIGNMENT = "direct_assignment";
    public static final String EMAIL_ASSIGNMENT = "email_assignment";

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
        List<Held> out = new ArrayList<>();
        roles.forEach((id, sources) -> out.add(new Held(id, List.copyOf(sources))));
        return out;
    }

    /**
     * The role ids a session of this member carries: {@code stytch_member}, explicit and email-domain roles. The SSO
     * work adds the roles of the SSO connections among the session's factors here (a new parameter), not in
     * {@link #of}.
     */
    public static List<String> forSession(Member member, Organization org) {
        return of(member, org).stream().map(Held::roleId).toList();
    }

    /** {@code is_admin}: the member holds {@code stytch_admin} by any source. */
    public static boolean isAdmin(Member member, Organization org) {
        return forSession(member, org).contains(Member.ROLE_ADMIN);
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
