package dev.latchkey.http;

import dev.latchkey.session.LiveSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The RBAC permission an endpoint needs when a member's session calls it (RBAC_SCIM_M2M.md §1.9): through the browser
 * SDK, or on the backend with the {@code X-Stytch-Member-Session} / {@code X-Stytch-Member-SessionJWT} headers. A
 * backend call without those headers acts with the project's full authority and meets no gate.
 *
 * <p>A gate turns one call into the permissions it needs: one fixed action, or one per field the body sets (updates),
 * each possibly with a {@code stytch.self} alternative when the call targets the acting member.
 */
public final class Gate {
    public static final String ORGANIZATION = "stytch.organization";
    public static final String MEMBER = "stytch.member";
    public static final String SELF = "stytch.self";
    public static final String SSO = "stytch.sso";
    public static final String SCIM = "stytch.scim";

    /** Not gated: any caller the surface admits (public token, IST, session, or project secret). */
    public static final Gate NONE = new Gate("—", (call, actor) -> List.of());

    private final String description;
    private final Rule rule;

    private Gate(String description, Rule rule) {
        this.description = description;
        this.rule = rule;
    }

    /** One action on one resource, e.g. {@code stytch.member search}. */
    public static Gate of(String resource, String action) {
        return new Gate(resource + " " + action, (call, actor) -> List.of(new Need(resource, action, null)));
    }

    /**
     * A {@code stytch.member} action on the member the path's {@code member_id} names, which {@code stytch.self}'s
     * same action also allows when that member is the caller.
     */
    public static Gate memberOrSelf(String action) {
        return memberOrSelf(action, Gate::targetsPathMember);
    }

    /** As {@link #memberOrSelf(String)}, with how to tell that the call targets the acting member. */
    public static Gate memberOrSelf(String action, BiPredicate<ApiCall, LiveSession> targetsSelf) {
        return new Gate(
                MEMBER + " " + action + " (or " + SELF + " " + action + " on oneself)",
                (call, actor) -> List.of(new Need(MEMBER, action, targetsSelf.test(call, actor) ? action : null)));
    }

    /** A {@code stytch.self} action: the browser SDK's calls on the caller's own member. */
    public static Gate self(String action) {
        return new Gate(SELF + " " + action, (call, actor) -> List.of(new Need(SELF, action, null)));
    }

    /**
     * One action per body field given, on {@code resource}; {@code selfFields} are those {@code stytch.self}'s same
     * action also allows when the path's member is the caller. Any other field the body gives, except the
     * {@code neutralFields} that change nothing (ids, options), is refused to a member: no action grants it, so only
     * the project's authority may set it (deny by default, as a field added to an update later must be).
     */
    public static Gate perField(
            String resource, Map<String, String> actionsByField, Set<String> selfFields, Set<String> neutralFields) {
        Map<String, String> actions = new TreeMap<>(actionsByField);
        String self = selfFields.isEmpty()
                ? ""
                : " (self alternative for " + String.join(", ", new TreeSet<>(selfFields)) + ")";
        return new Gate(
                resource + " per field: " + describe(actions) + self + "; any other field: refused", (call, actor) -> {
                    boolean onSelf = !selfFields.isEmpty() && targetsPathMember(call, actor);
                    List<Need> needs = new ArrayList<>();
                    for (String field : call.body().presentFields()) {
                        String action = actions.get(field);
                        if (action == null) {
                            if (!neutralFields.contains(field)) {
                                needs.add(Need.ungrantable(field));
                            }
                        } else if (needs.stream().noneMatch(n -> action.equals(n.action()))) {
                            needs.add(new Need(resource, action, onSelf && selfFields.contains(field) ? action : null));
                        }
                    }
                    return needs;
                });
    }

    /** {@code stytch.self} actions per body field given: the browser's update of its own member. */
    public static Gate selfPerField(Map<String, String> actionsByField) {
        Map<String, String> actions = new TreeMap<>(actionsByField);
        return new Gate(SELF + " per field: " + describe(actions), (call, actor) -> {
            List<Need> needs = new ArrayList<>();
            actions.forEach((field, action) -> {
                if (call.body().has(field)
                        && needs.stream().noneMatch(n -> n.action().equals(action))) {
                    needs.add(new Need(SELF, action, null));
                }
            });
            return needs;
        });
    }

    /** This gate, also needing {@code action} on {@code resource} when the body sets {@code field}. */
    public Gate alsoWhen(String field, String resource, String action) {
        Rule base = rule;
        return new Gate(description + "; " + field + " → " + resource + " " + action, (call, actor) -> {
            List<Need> needs = new ArrayList<>(base.needs(call, actor));
            if (call.body().has(field)) {
                needs.add(new Need(resource, action, null));
            }
            return needs;
        });
    }

    public boolean isGated() {
        return this != NONE;
    }

    /** What the endpoint needs, as {@code docs/endpoints.md} shows it. */
    public String description() {
        return description;
    }

    List<Need> needs(ApiCall call, LiveSession actor) {
        return rule.needs(call, actor);
    }

    /** Whether the path's {@code member_id} is the acting member (by id or external id). */
    static boolean targetsPathMember(ApiCall call, LiveSession actor) {
        String target = call.pathOrNull("member_id");
        return target != null
                && (target.equals(actor.member().id())
                        || target.equals(actor.member().externalId()));
    }

    private static String describe(Map<String, String> actions) {
        List<String> parts = new ArrayList<>();
        actions.forEach((field, action) -> parts.add(field + " → " + action));
        return String.join(", ", parts);
    }

    /**
     * One permission a call needs, and the {@code stytch.self} action that may stand in for it (or null). A need with
     * no resource is one no role can meet: a field only the project's authority may set.
     */
    record Need(String resource, String action, String selfAlternative) {
        static Need ungrantable(String field) {
            return new Need(null, field, null);
        }

        boolean grantable() {
            return resource != null;
        }
    }

    @FunctionalInterface
    private interface Rule {
        List<Need> needs(ApiCall call, LiveSession actor);
    }
}
