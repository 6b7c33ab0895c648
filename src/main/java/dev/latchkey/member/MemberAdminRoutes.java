package dev.latchkey.member;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.SdkAccess;
import dev.latchkey.organization.OrganizationJson;
import io.javalin.http.HandlerType;
import java.time.Clock;

/**
 * The member endpoints beyond CRUD (issue 10): {@code dangerously_get}, {@code unlink_retired_email} (backend, and the
 * browser's admin and self variants in the caller's organization), the member external-id delete, and the
 * organization's {@code metrics}, which counts members. Each route names the RBAC permission it will need
 * (RBAC_SCIM_M2M.md §1.9); the gates are added with the endpoint inventory.
 */
public final class MemberAdminRoutes implements FeatureRoutes {
    private static final String ORG = "/v1/b2b/organizations/{organization_id}";

    private final MemberAdminService admin;
    private final Clock clock;

    public MemberAdminRoutes(MemberAdminService admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /**
     * {@code dangerously_get} and {@code metrics} are backend-only and take no member-session headers. Stytch leaves
     * the permission of the external-id delete undocumented: it is an identity key like the email, so it needs
     * {@code stytch.member update.info.email}, which a member never holds over itself (docs/compatibility.md).
     */
    @Override
    public void declare(Endpoints e) {
        e.get("/v1/b2b/organizations/members/dangerously_get/{member_id}")
                .to(call -> response(admin.dangerouslyGet(
                        call.project(),
                        call.path("member_id"),
                        Boolean.TRUE.equals(call.body().bool("include_deleted")))));
        e.post(ORG + "/members/{member_id}/unlink_retired_email")
                .sdk("/sdk/v1/b2b/organizations/members/{member_id}/unlink_retired_email", SdkAccess.MEMBER)
                .gate(Gate.memberOrSelf("update.info.unlink.retired-email"))
                .to(call -> unlinked(unlink(call, call.organizationId(), call.memberId())));
        e.sdkOnly(HandlerType.POST, "/sdk/v1/b2b/organizations/members/unlink_retired_email", SdkAccess.MEMBER)
                .gate(Gate.self("update.info.unlink.retired-email"))
                .to(call -> unlinked(unlink(call, call.organizationId(), call.memberId())));
        e.delete(ORG + "/members/{member_id}/external_id")
                .gate(Gate.of(Gate.MEMBER, "update.info.email"))
                .to(call -> response(admin.deleteExternalId(call.project(), call.organizationId(), call.memberId())));
        e.get(ORG + "/metrics")
                .to(call -> new MetricsResponse(admin.memberCount(call.project(), call.organizationId())));
    }

    private OrgMember unlink(ApiCall call, String organizationKey, String memberKey) {
        return admin.unlinkRetiredEmail(
                call.project(),
                organizationKey,
                memberKey,
                call.body().string("email_id"),
                call.body().string("email_address"));
    }

    private MemberRoutes.MemberResponse response(OrgMember om) {
        return new MemberRoutes.MemberResponse(
                om.member().id(),
                MemberJson.of(om.member(), om.organization(), clock.instant()),
                OrganizationJson.of(om.organization()));
    }

    private UnlinkResponse unlinked(OrgMember om) {
        return new UnlinkResponse(
                om.member().id(),
                om.organization().id(),
                MemberJson.of(om.member(), om.organization(), clock.instant()),
                OrganizationJson.of(om.organization()));
    }

    record UnlinkResponse(String memberId, String organizationId, MemberJson member, OrganizationJson organization) {}

    record MetricsResponse(int memberCount) {}
}
