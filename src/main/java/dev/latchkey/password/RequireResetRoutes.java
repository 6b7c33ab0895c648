package dev.latchkey.password;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.ApiRouter;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.JsonBody;
import dev.latchkey.member.MemberJson;
import dev.latchkey.member.OrgMember;
import dev.latchkey.organization.OrganizationJson;
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
    public void addTo(ApiRouter r) {
        r.post("/v1/b2b/passwords/email/require_reset", this::requireReset);
    }

    private Response requireReset(ApiCall call) {
        JsonBody b = call.body();
        OrgMember om = requirements.require(
                call.project(),
                b.requiredString("email_address"),
                blankAsNull(b.string("organization_id")),
                blankAsNull(b.string("member_id")));
        return new Response(
                om.member().id(), MemberJson.of(om.member(), clock.instant()), OrganizationJson.of(om.organization()));
    }

    private static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code member_id, member, organization} (the SDK's {@code RequireResetResponse}). */
    record Response(String memberId, MemberJson member, OrganizationJson organization) {}
}
