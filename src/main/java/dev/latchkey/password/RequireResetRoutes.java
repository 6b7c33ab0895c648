package dev.latchkey.password;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberJson;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.session.LiveSession;
import java.time.Clock;

/**
 * {@code POST /v1/b2b/passwords/email/require_reset}: marks a member's password as compromised
 * ({@link PasswordResetRequirements}).
 *
 * <p>RBAC: stytch.member update.info.delete.password, self alternative stytch.self update.info.delete.password. The
 * action is undocumented (RBAC_SCIM_M2M.md §1.9 lists the endpoint as accepting the member-session headers with no
 * action); Latchkey's choice, in docs/compatibility.md: refusing a password until it is reset takes it away as deleting
 * it would. With the headers, the session's organization must be the target member's.
 */
public final class RequireResetRoutes implements FeatureRoutes {
    private final PasswordResetRequirements requirements;
    private final Clock clock;

    public RequireResetRoutes(PasswordResetRequirements requirements, Clock clock) {
        this.requirements = requirements;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/passwords/email/require_reset")
                .gate(Gate.memberOrSelf("update.info.delete.password", RequireResetRoutes::targetsSelf))
                .to(this::requireReset);
    }

    /** Whether the member whose password is marked is the one acting (by member id, or by its own address). */
    private static boolean targetsSelf(ApiCall call, LiveSession actor) {
        String memberId = call.body().string("member_id");
        if (memberId != null && !memberId.isBlank()) {
            return memberId.equals(actor.member().id())
                    || memberId.equals(actor.member().externalId());
        }
        return actor.member().email().equalsIgnoreCase(call.body().string("email_address"));
    }

    private Response requireReset(ApiCall call) {
        JsonBody b = call.body();
        // A member acting with its session reaches only its own organization, even when the body names none.
        String organizationId =
                call.actor().map(a -> a.organization().id()).orElse(blankAsNull(b.string("organization_id")));
        OrgMember om = requirements.require(
                call.project(), b.requiredString("email_address"), organizationId, blankAsNull(b.string("member_id")));
        return new Response(
                om.member().id(),
                MemberJson.of(om.member(), om.organization(), clock.instant()),
                OrganizationJson.of(om.organization()));
    }

    private static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code member_id, member, organization} (the SDK's {@code RequireResetResponse}). */
    record Response(String memberId, MemberJson member, OrganizationJson organization) {}
}
