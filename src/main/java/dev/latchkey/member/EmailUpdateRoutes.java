package dev.latchkey.member;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.JsonBody;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.organization.OrganizationJson;
import io.javalin.http.HandlerType;
import java.time.Clock;

/**
 * {@code start_email_update} (issue 10): the backend route and the browser's admin and self variants, which act in the
 * caller's organization only. The confirmation is redeemed by {@code magic_links/authenticate} or
 * {@code otps/email/authenticate}. Each route names the RBAC permission it will need (RBAC_SCIM_M2M.md §1.9).
 */
public final class EmailUpdateRoutes implements FeatureRoutes {
    private final EmailUpdateFlows flows;
    private final Clock clock;

    public EmailUpdateRoutes(EmailUpdateFlows flows, Clock clock) {
        this.flows = flows;
        this.clock = clock;
    }

    @Override
    public void declare(Endpoints e) {
        e.post("/v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update")
                .sdk("/sdk/v1/b2b/organizations/members/{member_id}/start_email_update", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("update.info.email"))
                .to(call -> start(call, call.organizationId(), call.memberId()));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/organizations/members/start_email_update", SdkAccess.MEMBER)
                .gate(Gate.self("update.info.email"))
                .to(call -> start(call, call.organizationId(), call.memberId()));
    }

    private MemberRoutes.MemberResponse start(ApiCall call, String organizationKey, String memberKey) {
        JsonBody b = call.body();
        b.string("login_template_id"); // type-checked; Latchkey has no custom templates (docs/compatibility.md)
        OrgMember om = flows.start(
                call.project(),
                organizationKey,
                memberKey,
                new StartEmailUpdate(
                        b.requiredString("email_address"),
                        b.string("login_redirect_url"),
                        b.string("locale"),
                        StartEmailUpdate.Delivery.of(b.string("delivery_method"))));
        return new MemberRoutes.MemberResponse(
                om.member().id(),
                MemberJson.of(om.member(), om.organization(), clock.instant()),
                OrganizationJson.of(om.organization()));
    }
}
