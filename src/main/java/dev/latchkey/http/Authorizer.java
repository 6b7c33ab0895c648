package dev.latchkey.http;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.rbac.Policy;
import dev.latchkey.rbac.PolicySource;
import dev.latchkey.session.LiveSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides whether a member's session may do what a call asks (RBAC_SCIM_M2M.md §1.8, §1.9): the call must stay in
 * the session's organization ({@code session_authorization_tenancy_error}), and each permission its {@link Gate}
 * names must be granted by one of the session's roles in the policy of that organization — the project's roles and
 * the organization's custom roles ({@code session_authorization_error}). Checked before the endpoint runs, so a
 * refusal changes nothing.
 */
public final class Authorizer {
    private final PolicySource policies;
    private final Function<LiveSession, List<String>> sessionRoles;

    public Authorizer(PolicySource policies, Function<LiveSession, List<String>> sessionRoles) {
        this.policies = policies;
        this.sessionRoles = sessionRoles;
    }

    /** {@code authorization_check}: the roles that grant the action, or a 403 naming why none does. */
    public List<String> check(
            Project project, LiveSession actor, String organizationId, String resource, String action) {
        if (!actor.organization().id().equals(organizationId)) {
            throw tenancy(actor, organizationId);
        }
        List<String> granting = policy(project, actor).grantingRoles(sessionRoles.apply(actor), resource, action);
        if (granting.isEmpty()) {
            throw refused();
        }
        return granting;
    }

    /** Refuses a call the acting member may not make; returns normally when every need is met. */
    void require(Gate gate, ApiCall call, LiveSession actor) {
        for (String ref : organizationRefs(call)) {
            if (!names(actor.organization(), ref)) {
                throw tenancy(actor, ref);
            }
        }
        if (call.body().has("trusted_metadata")) {
            throw new ApiException(
                    ErrorType.CANNOT_UPDATE_TRUSTED_METADATA,
                    "trusted_metadata can be set only with the project's authority, not as a member.");
        }
        List<Gate.Need> needs = gate.needs(call, actor);
        if (needs.isEmpty()) {
            return;
        }
        Policy policy = policy(call.project(), actor);
        List<String> roles = sessionRoles.apply(actor);
        for (Gate.Need need : needs) {
            if (!need.grantable()) {
                throw new ApiException(
                        ErrorType.SESSION_AUTHORIZATION_ERROR,
                        need.action() + " can be set only with the project's authority, not as a member.");
            }
            boolean granted =
                    !policy.grantingRoles(roles, need.resource(), need.action()).isEmpty()
                            || (need.selfAlternative() != null
                                    && !policy.grantingRoles(roles, Gate.SELF, need.selfAlternative())
                                            .isEmpty());
            if (!granted) {
                throw refused();
            }
        }
    }

    private Policy policy(Project project, LiveSession actor) {
        return policies.effective(project, actor.organization().id());
    }

    /** The organizations a call names: in its path, or its body's {@code organization_id(s)}. */
    private static List<String> organizationRefs(ApiCall call) {
        List<String> refs = new ArrayList<>();
        String path = call.pathOrNull("organization_id");
        if (path != null) {
            refs.add(path);
        }
        String body = call.body().string("organization_id");
        if (body != null && !body.isEmpty()) {
            refs.add(body);
        }
        List<String> many = call.body().stringList("organization_ids");
        if (many != null) {
            refs.addAll(many);
        }
        return refs;
    }

    /** Whether {@code ref} names this organization by id, slug or external id, as paths accept all three. */
    private static boolean names(Organization org, String ref) {
        return ref.equals(org.id()) || ref.equals(org.slug()) || ref.equals(org.externalId());
    }

    private static ApiException tenancy(LiveSession actor, String requested) {
        return new ApiException(
                ErrorType.SESSION_AUTHORIZATION_TENANCY_ERROR,
                "Subject organization_id " + actor.organization().id()
                        + " does not match authZ request organization_id " + requested + ".");
    }

    private static ApiException refused() {
        return new ApiException(
                ErrorType.SESSION_AUTHORIZATION_ERROR,
                "The Member is not authorized to perform the requested action on that resource.");
    }
}
